using Tailor.Answering;

namespace Tailor.Tests.Answering;

public class QuoteSplitterTests
{
    private static List<string> Texts(string text) => QuoteSplitter.Split(text).Select(u => u.TextOf(text)).ToList();

    [Fact]
    public void Abbreviations_initials_and_decimals_do_not_end_sentences()
    {
        var units = Texts("Dr. Smith met J. R. Tolkien at No. 5 Main Street. The rate rose to 2.5 percent, e.g. in March. Prices fell.");
        Assert.Equal(
        [
            "Dr. Smith met J. R. Tolkien at No. 5 Main Street.",
            "The rate rose to 2.5 percent, e.g. in March.",
            "Prices fell.",
        ], units);
    }

    [Fact]
    public void Question_and_exclamation_marks_and_closing_quotes_end_sentences()
    {
        var units = Texts("Is it ready? Yes! He said \"stop.\" Then he left.");
        Assert.Equal(["Is it ready?", "Yes!", "He said \"stop.\"", "Then he left."], units);
    }

    [Fact]
    public void Lowercase_continuation_and_urls_do_not_split()
    {
        var units = Texts("Open example.com/setup in a browser. Version 2. next steps follow. Done.");
        Assert.Equal(["Open example.com/setup in a browser.", "Version 2. next steps follow.", "Done."], units);
    }

    [Fact]
    public void List_items_are_units_and_markers_are_not_quoted()
    {
        var units = QuoteSplitter.Split("Every claim needs:\n- the date and amount\n* a receipt. Keep the original.\n2. a business reason\n");
        var text = "Every claim needs:\n- the date and amount\n* a receipt. Keep the original.\n2. a business reason\n";
        Assert.Equal(["Every claim needs:", "the date and amount", "a receipt. Keep the original.", "a business reason"], units.Select(u => u.TextOf(text)));
        Assert.Equal([TextUnitKind.Sentence, TextUnitKind.ListItem, TextUnitKind.ListItem, TextUnitKind.ListItem], units.Select(u => u.Kind));
    }

    [Fact]
    public void Table_rows_are_units_tied_to_the_header_row()
    {
        const string text = "Rates by city:\n\n| City | Meals | Hotel |\n|---|---|---|\n| Paris | EUR 65 | EUR 210 |\n| London | GBP 70 | GBP 230 |";
        var units = QuoteSplitter.Split(text);
        var rows = units.Where(u => u.Kind == TextUnitKind.TableRow).ToList();
        Assert.Equal(["| Paris | EUR 65 | EUR 210 |", "| London | GBP 70 | GBP 230 |"], rows.Select(u => u.TextOf(text)));
        Assert.All(rows, r => Assert.Equal("| City | Meals | Hotel |", r.HeaderOf(text)));
        Assert.Equal("Rates by city:", units[0].TextOf(text));
    }

    [Fact]
    public void Extracted_table_rows_without_outer_pipes_are_recognized()
    {
        const string text = "City | Meal allowance per day\nLondon | GBP 70\nLisbon | EUR 50";
        var units = QuoteSplitter.Split(text);
        Assert.Equal(2, units.Count);
        Assert.Equal("London | GBP 70", units[0].TextOf(text));
        Assert.Equal("City | Meal allowance per day", units[1].HeaderOf(text));
    }

    [Fact]
    public void Headings_and_code_are_skipped()
    {
        const string text = "# Vacation\n\nContractors\nContractors receive 12 days.\n\n```\nlark-vpn connect --profile office\n```\n\nsudo systemctl enable --now skylark-hub\n{\"status\": \"ok\"}\n\nLast line here.";
        Assert.Equal(["Contractors receive 12 days.", "Last line here."], Texts(text));
    }

    [Fact]
    public void Soft_wrapped_lines_form_one_paragraph_and_units_are_exact_spans()
    {
        const string text = "Contractors engaged for six months receive\n12 paid vacation days per contract year. Shorter\ncontracts get none.";
        var units = QuoteSplitter.Split(text);
        Assert.Equal(2, units.Count);
        Assert.Equal("Contractors engaged for six months receive\n12 paid vacation days per contract year.", units[0].TextOf(text));
        Assert.Equal("Shorter\ncontracts get none.", units[1].TextOf(text));
    }

    [Fact]
    public void A_short_line_opening_a_block_is_a_heading_and_inside_a_block_a_list_item()
    {
        Assert.Equal(["Sick days are paid.", "Parents receive 16 weeks."], Texts("Sick days are paid.\n\nFamily leave\nParents receive 16 weeks."));
        Assert.Equal(["Sick days are paid.", "Family leave", "Parents receive 16 weeks."], Texts("Sick days are paid.\nFamily leave\nParents receive 16 weeks."));
    }

    [Fact]
    public void Lines_of_extracted_html_are_units_even_without_punctuation()
    {
        const string text = "What is in the box\n\nThe WS-3 outdoor sensor array with wind vane, cup anemometer and rain gauge\nThe SR-2 USB radio receiver with a 1.5 m USB extension cable\nTwo AA lithium batteries\n\nThe solar panel is sold separately.";
        Assert.Equal(
        [
            "The WS-3 outdoor sensor array with wind vane, cup anemometer and rain gauge",
            "The SR-2 USB radio receiver with a 1.5 m USB extension cable",
            "Two AA lithium batteries",
            "The solar panel is sold separately.",
        ], Texts(text));
    }

    [Fact]
    public void In_wrapped_text_a_short_unpunctuated_line_before_a_capitalized_one_ends_the_unit()
    {
        const string text = "Standard items are delivered within five days and non-standard\nitems within two weeks.\nLaptop for engineers\nMonitor for everyone";
        Assert.Equal(
        [
            "Standard items are delivered within five days and non-standard\nitems within two weeks.",
            "Laptop for engineers",
            "Monitor for everyone",
        ], Texts(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\n  ")]
    [InlineData("## Only a heading")]
    public void Blank_or_heading_only_text_has_no_units(string text)
    {
        Assert.Empty(QuoteSplitter.Split(text));
    }
}
