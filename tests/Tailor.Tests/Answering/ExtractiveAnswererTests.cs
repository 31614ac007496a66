using Tailor.Answering;
using Tailor.Retrieval;

namespace Tailor.Tests.Answering;

public class ExtractiveAnswererTests
{
    private const string Vacation =
        "Full-time employees receive 27 paid vacation days per calendar year, in addition to public holidays. " +
        "Vacation accrues at 2.25 days per month of employment.\n\n" +
        "Contractors are not employees, so the employee vacation entitlement does not apply to them. " +
        "Contractors engaged through a contract of six months or longer receive 12 paid vacation days per contract year, prorated for partial years. " +
        "Contractors on shorter contracts receive no paid vacation days.";

    private const string Expenses =
        "Submit expense claims in Ledgerly within 30 days of the expense. " +
        "Mileage is reimbursed at EUR 0.30 per kilometre when you use your own car. " +
        "Client entertainment is reimbursed up to EUR 80 per person.";

    private const string Troubleshooting =
        "Error E1042 means that the outdoor sensor has not reported for more than 15 minutes. " +
        "The most common causes are empty batteries and a sensor that is too far from the receiver.\n\n" +
        "Error E1107 means that Hub cannot open the USB receiver.";

    private static Hit MakeHit(string documentId, long chunkId, string text, string section = "", string link = "")
        => new(documentId, chunkId, documentId, section, 1.0, text, link.Length > 0 ? link : documentId + "#L1-L9", "");

    private static ExtractiveAnswerer Answerer(AskOptions? options = null) => new(SimpleAnalyzer.Analyze, options);

    [Fact]
    public void Chooses_the_sentence_that_answers_the_question()
    {
        var hits = new[]
        {
            MakeHit("handbook/vacation.md", 1, Vacation, "Vacation and Leave > Contractors"),
            MakeHit("handbook/expenses.md", 2, Expenses, "Expenses"),
        };
        var answer = Answerer().Answer("How many vacation days do contractors get?", hits);

        Assert.True(answer.Found);
        Assert.Null(answer.Reason);
        Assert.Equal("extractive", answer.Model);
        var first = answer.Citations[0];
        Assert.Equal("Contractors engaged through a contract of six months or longer receive 12 paid vacation days per contract year, prorated for partial years.", first.Quote);
        Assert.Equal(1, first.N);
        Assert.Equal("handbook/vacation.md", first.DocumentId);
        Assert.Equal("handbook/vacation.md#L1-L9", first.Link);
        Assert.StartsWith("“Contractors engaged through", answer.Text);
        Assert.Contains("partial years.” [1]", answer.Text);
        Assert.DoesNotContain(answer.Citations, c => c.DocumentId == "handbook/expenses.md");
        Assert.Equal(hits, answer.Sources);
    }

    [Fact]
    public void Quotes_are_exact_substrings_of_the_cited_hit()
    {
        var hits = new[]
        {
            MakeHit("product/troubleshooting.html", 7, Troubleshooting, "Troubleshooting > E1042", "product/troubleshooting.html#e1042"),
            MakeHit("handbook/vacation.md", 1, Vacation),
            MakeHit("handbook/expenses.md", 2, Expenses),
        };
        var answer = Answerer().Answer("What does error E1042 mean?", hits);

        Assert.True(answer.Found);
        Assert.NotEmpty(answer.Citations);
        foreach (var citation in answer.Citations)
        {
            var hit = hits.Single(h => h.DocumentId == citation.DocumentId);
            Assert.Contains(citation.Quote, hit.Text, StringComparison.Ordinal);
            Assert.Equal(hit.Link, citation.Link);
            Assert.Equal(hit.Source, citation.Source);
        }
        Assert.Equal("Error E1042 means that the outdoor sensor has not reported for more than 15 minutes.", answer.Citations[0].Quote);
        Assert.Equal("product/troubleshooting.html#e1042", answer.Citations[0].Link);
    }

    [Fact]
    public void Citation_numbers_follow_first_use_and_sentences_from_one_source_share_a_number()
    {
        var hits = new[]
        {
            MakeHit("a.md", 1, "The Rotterdam office opens at 08:00 on weekdays. Parking near the Rotterdam office costs EUR 3 per hour."),
            MakeHit("b.md", 2, "The Lisbon office opens at 09:00 on weekdays, one hour later than the Rotterdam office."),
        };
        var answer = Answerer().Answer("When does the Rotterdam office open and what does parking cost?", hits);

        Assert.True(answer.Found);
        Assert.True(answer.Citations.Count >= 2);
        // numbers are assigned in order of first use: 1, then at most one more than seen so far
        int max = 0;
        foreach (var c in answer.Citations)
        {
            Assert.True(c.N <= max + 1, $"citation {c.N} skips a number");
            max = Math.Max(max, c.N);
            Assert.Contains($"[{c.N}]", answer.Text);
        }
        var fromA = answer.Citations.Where(c => c.DocumentId == "a.md").ToList();
        Assert.Equal(2, fromA.Count);
        Assert.Single(fromA.Select(c => c.N).Distinct());
        Assert.All(answer.Citations.Where(c => c.DocumentId == "b.md"), c => Assert.NotEqual(fromA[0].N, c.N));
        // markers appear in the text in citation order
        int position = -1;
        foreach (var c in answer.Citations)
        {
            int at = answer.Text.IndexOf("“" + c.Quote + "”", StringComparison.Ordinal);
            Assert.True(at > position, "quotes appear in citation order");
            position = at;
        }
    }

    [Fact]
    public void Two_sources_get_two_numbers()
    {
        var hits = new[]
        {
            MakeHit("handbook/vacation.md", 1, Vacation),
            MakeHit("handbook/expenses.md", 2, Expenses),
        };
        var answer = Answerer().Answer("How many paid vacation days do contractors receive, and how much mileage is reimbursed per kilometre for a car?", hits);

        Assert.True(answer.Found);
        var vacation = answer.Citations.First(c => c.DocumentId == "handbook/vacation.md");
        var mileage = answer.Citations.First(c => c.DocumentId == "handbook/expenses.md");
        Assert.Contains("12 paid vacation days", vacation.Quote);
        Assert.Contains("EUR 0.30 per kilometre", mileage.Quote);
        Assert.Equal([1, 2], answer.Citations.Select(c => c.N).Distinct().Order());
    }

    [Fact]
    public void Unrelated_question_is_refused_without_citations()
    {
        var hits = new[]
        {
            MakeHit("handbook/vacation.md", 1, Vacation),
            MakeHit("handbook/expenses.md", 2, Expenses),
        };
        var answer = Answerer().Answer("Which team won the football world cup final in 2014?", hits);

        Assert.False(answer.Found);
        Assert.Equal(Answer.NotFoundText, answer.Text);
        Assert.Empty(answer.Citations);
        Assert.False(string.IsNullOrWhiteSpace(answer.Reason));
        Assert.Equal(hits, answer.Sources);
    }

    [Fact]
    public void Weak_partial_match_is_refused()
    {
        var hits = new[] { MakeHit("handbook/expenses.md", 2, Expenses) };
        // only "car" matches; the question is about something else
        var answer = Answerer().Answer("What is the electric car charging policy at the Lisbon parking garage?", hits);
        Assert.False(answer.Found);
        Assert.Empty(answer.Citations);
    }

    [Fact]
    public void No_hits_means_no_answer()
    {
        var answer = Answerer().Answer("How many vacation days do contractors get?", []);
        Assert.False(answer.Found);
        Assert.Equal(Answer.NotFoundText, answer.Text);
        Assert.Empty(answer.Citations);
        Assert.Empty(answer.Sources);
        Assert.NotNull(answer.Reason);
    }

    [Fact]
    public void Question_of_only_stopwords_is_refused()
    {
        var answer = Answerer().Answer("What is it?", [MakeHit("handbook/vacation.md", 1, Vacation)]);
        Assert.False(answer.Found);
        Assert.Contains("searchable", answer.Reason);
    }

    [Fact]
    public void Table_row_is_quoted_with_its_header_as_context()
    {
        const string table = "City | Meal allowance per day | Hotel cap per night\nParis | EUR 65 | EUR 210\nLondon | GBP 70 | GBP 230\nLisbon | EUR 50 | EUR 150";
        var hits = new[] { MakeHit("handbook/travel.md", 3, table, "Business Travel > Daily allowances and hotel caps") };
        var answer = Answerer().Answer("What is the meal allowance in London?", hits);

        Assert.True(answer.Found);
        Assert.Equal("London | GBP 70 | GBP 230", answer.Citations[0].Quote);
        Assert.StartsWith("“London | GBP 70 | GBP 230” (City | Meal allowance per day | Hotel cap per night) [1]", answer.Text);
    }

    [Fact]
    public void The_same_sentence_in_overlapping_chunks_is_quoted_once()
    {
        const string sentence = "Error E1042 means that the outdoor sensor has not reported for more than 15 minutes.";
        var hits = new[]
        {
            MakeHit("product/troubleshooting.html", 7, sentence + " Check the batteries first."),
            MakeHit("product/troubleshooting.html", 8, "Replace both batteries at the same time. " + sentence),
        };
        var answer = Answerer().Answer("What does error E1042 mean?", hits);

        Assert.True(answer.Found);
        Assert.Single(answer.Citations, c => c.Quote == sentence);
    }

    [Fact]
    public void Code_blocks_are_never_quoted()
    {
        const string text = "Connect to the VPN from a terminal.\n\n```\nlark-vpn connect --profile office vpn terminal\n```\n\nUse the travel profile when you work from abroad.";
        var answer = Answerer().Answer("How do I connect to the VPN from a terminal?", [MakeHit("handbook/it.md", 4, text)]);

        Assert.True(answer.Found);
        Assert.All(answer.Citations, c => Assert.DoesNotContain("lark-vpn", c.Quote));
        Assert.Equal("Connect to the VPN from a terminal.", answer.Citations[0].Quote);
    }

    [Fact]
    public void Only_the_first_k_hits_are_considered()
    {
        var hits = Enumerable.Range(0, 3).Select(i => MakeHit($"other{i}.md", i, Expenses))
            .Append(MakeHit("handbook/vacation.md", 9, Vacation)).ToArray();
        var answer = Answerer(new AskOptions { K = 3 }).Answer("How many vacation days do contractors get?", hits);

        Assert.Equal(3, answer.Sources.Count);
        Assert.DoesNotContain(answer.Citations, c => c.DocumentId == "handbook/vacation.md");
    }

    [Fact]
    public void MaxSentences_caps_the_number_of_quotes()
    {
        var hits = new[] { MakeHit("handbook/vacation.md", 1, Vacation) };
        var answer = Answerer(new AskOptions { MaxSentences = 1 }).Answer("How many vacation days do contractors get?", hits);
        Assert.Single(answer.Citations);
    }

    [Fact]
    public void Answers_are_deterministic()
    {
        var hits = new[]
        {
            MakeHit("handbook/vacation.md", 1, Vacation),
            MakeHit("product/troubleshooting.html", 7, Troubleshooting),
            MakeHit("handbook/expenses.md", 2, Expenses),
        };
        var a = Answerer().Answer("How many vacation days do contractors get?", hits);
        var b = Answerer().Answer("How many vacation days do contractors get?", hits);
        Assert.Equal(a.Text, b.Text);
        Assert.Equal(a.Citations, b.Citations);
    }

    [Fact]
    public void A_sentence_starting_with_a_pronoun_is_read_with_the_sentence_before_it()
    {
        const string text = "Use AA lithium batteries. They last about 18 months in cold weather. Alkaline cells stop working below freezing.";
        var answer = Answerer().Answer("How long do lithium batteries last?", [MakeHit("product/power.html", 5, text)]);

        Assert.True(answer.Found);
        Assert.Equal("They last about 18 months in cold weather.", answer.Citations[0].Quote);
    }

    [Fact]
    public void Questions_in_the_text_are_never_quoted_as_answers()
    {
        const string text = "Does the station need an internet connection?\n\nNo. The station works without an internet connection; only firmware downloads need one.";
        var answer = Answerer().Answer("Does the station need an internet connection?", [MakeHit("product/faq.html", 6, text)]);

        Assert.True(answer.Found);
        Assert.All(answer.Citations, c => Assert.DoesNotContain("?", c.Quote));
        Assert.StartsWith("The station works without an internet connection", answer.Citations[0].Quote);
    }

    [Fact]
    public void A_question_about_something_no_chunk_mentions_is_refused_even_when_its_other_words_match()
    {
        var hits = new[] { MakeHit("handbook/performance.md", 3, "Salaries are reviewed once a year. Salary bands are published on the intranet for every role.") };
        var answer = Answerer().Answer("What is the salary of the CEO?", hits);
        Assert.False(answer.Found);
        Assert.Empty(answer.Citations);
    }

    [Theory]
    [InlineData(0, 3, 0.5)]
    [InlineData(6, 0, 0.5)]
    [InlineData(6, 3, 1.5)]
    [InlineData(6, 3, double.NaN)]
    public void Invalid_options_are_rejected(int k, int maxSentences, double minConfidence)
    {
        var options = new AskOptions { K = k, MaxSentences = maxSentences, MinConfidence = minConfidence };
        Assert.Throws<TailorException>(() => new ExtractiveAnswerer(SimpleAnalyzer.Analyze, options));
    }

    // A page's lead (the first sentence of its first chunk) against a passing mention elsewhere that the
    // search ranked higher and that matches the question as well: the lead, which summarises the page the
    // question is about, is quoted first; the same sentence deeper in its page is not favoured.
    private static Answer LeadOrMention(int leadOrdinal)
    {
        var mention = new Hit("manual/backup.html", 1, "manual/backup.html", "Backup and Restore > SQL Dump", 1.0,
            "Several tools extract a database into a script file, and psql restores such a file. Dumps are plain text.",
            "manual/backup.html#sql-dump", "Backup and Restore") { Ordinal = 3 };
        var page = new Hit("manual/app-pgdump.html", 2, "manual/app-pgdump.html", "pg_dump", 0.8,
            "pg_dump can extract a database into a script file or other archive file. It makes consistent backups even while the database is in use.",
            "manual/app-pgdump.html", "pg_dump") { Ordinal = leadOrdinal };
        return Answerer().Answer("How do I extract a database into a script file?", [mention, page]);
    }

    [Fact]
    public void A_pages_lead_sentence_weighs_more_than_a_passing_mention_where_both_match()
    {
        var lead = LeadOrMention(leadOrdinal: 0);
        Assert.True(lead.Found);
        Assert.Equal("manual/app-pgdump.html", lead.Citations[0].DocumentId);
        Assert.StartsWith("pg_dump can extract a database", lead.Citations[0].Quote);

        var deeper = LeadOrMention(leadOrdinal: 5);
        Assert.True(deeper.Found);
        Assert.Equal("manual/backup.html", deeper.Citations[0].DocumentId);
    }

    [Fact]
    public void A_lead_sentence_covers_the_question_terms_of_its_page_title()
    {
        // "archiver" is only in the title: in the lead it counts as said, in a later chunk only as context
        Hit Page(int ordinal) => new("tools/tar.md", 1, "tools/tar.md", "tar archiver", 1.0,
            "Stores many files in one file and restores them later.", "tools/tar.md#L1-L3", "tar archiver") { Ordinal = ordinal };
        var options = new AskOptions { MinConfidence = 0.6 };
        var lead = Answerer(options).Answer("What does the tar archiver do with many files?", [Page(0)]);
        var later = Answerer(options).Answer("What does the tar archiver do with many files?", [Page(2)]);
        Assert.True(lead.Found);
        Assert.Equal("Stores many files in one file and restores them later.", lead.Citations[0].Quote);
        Assert.False(later.Found);
    }

    [Fact]
    public void A_lead_sentence_that_does_not_match_the_question_is_not_quoted()
    {
        var lead = new Hit("handbook/expenses.md", 2, "handbook/expenses.md", "Expenses", 1.0, Expenses, "handbook/expenses.md#L1-L3", "Expenses") { Ordinal = 0 };
        var vacation = MakeHit("handbook/vacation.md", 1, Vacation, "Vacation and Leave > Contractors");
        var answer = Answerer().Answer("How many vacation days do contractors get?", [lead, vacation]);
        Assert.True(answer.Found);
        Assert.DoesNotContain(answer.Citations, c => c.DocumentId == "handbook/expenses.md");
    }

    [Fact]
    public void The_lead_bonus_chooses_the_opening_sentence_but_never_admits_a_further_one()
    {
        // page B's lead shares two of the question's words with it, by another meaning: without the bonus it is too
        // weak to be added after the answer from page A, and being a lead must not change that
        Answer Ask(int ordinal)
        {
            var policy = new Hit("manual/rls.html", 1, "manual/rls.html", "Row Security Policies", 1.0,
                "A row security policy restricts, per user, which rows normal queries can return. Each user then sees only permitted rows.",
                "manual/rls.html", "Row Security Policies") { Ordinal = 4 };
            var limit = new Hit("manual/limit.html", 2, "manual/limit.html", "LIMIT and OFFSET", 0.6,
                "LIMIT and OFFSET allow you to retrieve just a portion of the rows that are generated by a query.",
                "manual/limit.html", "LIMIT and OFFSET") { Ordinal = ordinal };
            return Answerer().Answer("How can I limit which rows each user sees?", [policy, limit]);
        }
        var asLead = Ask(0);
        var asLater = Ask(3);
        Assert.True(asLater.Found);
        Assert.Equal("manual/rls.html", asLater.Citations[0].DocumentId);
        Assert.Equal(asLater.Citations.Select(c => c.Quote), asLead.Citations.Select(c => c.Quote));
        Assert.DoesNotContain(asLead.Citations, c => c.DocumentId == "manual/limit.html");
    }
}
