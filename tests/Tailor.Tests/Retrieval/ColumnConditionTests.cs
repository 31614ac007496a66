using Tailor.Retrieval;

namespace Tailor.Tests.Retrieval;

public class ColumnConditionTests
{
    [Theory]
    [InlineData("region=EMEA", "region", "emea", false)]
    [InlineData("  Sales Region  =  North   America ", "sales region", "north america", false)]
    [InlineData("status!=Closed", "status", "closed", true)]
    [InlineData("note=a=b", "note", "a=b", false)]
    [InlineData("empty=", "empty", "", false)]
    public void A_condition_is_parsed_into_normalized_column_and_value(string text, string column, string value, bool negated)
    {
        var condition = ColumnCondition.Parse(text);
        Assert.Equal(new ColumnCondition(column, value, negated), condition);
    }

    [Theory]
    [InlineData("region")]
    [InlineData("=EMEA")]
    [InlineData("  !=EMEA")]
    [InlineData("")]
    public void Text_without_a_column_and_an_equals_sign_is_refused_naming_the_input(string text)
    {
        var ex = Assert.Throws<TailorException>(() => ColumnCondition.Parse(text));
        Assert.Contains($"'{text}'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("COLUMN=VALUE", ex.Message, StringComparison.Ordinal);
        Assert.Equal(TailorErrorKind.InvalidInput, ex.Kind);
    }

    [Fact]
    public void A_row_matches_by_trimmed_case_insensitive_cells_and_a_missing_column_never_matches()
    {
        var row = new Dictionary<string, string> { ["Region"] = " EMEA ", ["Year"] = "2023" };
        Assert.True(ColumnCondition.Parse("region=emea").Matches(row));
        Assert.False(ColumnCondition.Parse("region!=emea").Matches(row));
        Assert.True(ColumnCondition.Parse("year!=2024").Matches(row));
        Assert.False(ColumnCondition.Parse("country=emea").Matches(row));
        Assert.False(ColumnCondition.Parse("country!=emea").Matches(row));
    }

    [Fact]
    public void A_filter_with_conditions_is_not_empty_and_reaches_the_store_normalized()
    {
        var filter = new SearchFilter { Where = [new ColumnCondition(" Region ", "EMEA")] };
        Assert.False(filter.IsEmpty);
        Assert.Equal(new ColumnCondition("region", "emea"), Assert.Single(filter.ToChunkFilter().Where));
        Assert.Throws<TailorException>(() => new SearchFilter { Where = [new ColumnCondition(" ", "x")] }.Validate());
    }
}
