using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Tailor.Cleaning;
using Tailor.Lexical;

namespace Tailor.FineTuning.Classification;

/// <summary>
/// Turns a text into hashed feature buckets (with repeats): word n-grams and shape features in one
/// list, character n-grams in another. The text is NFKC-normalized by the project's cleaner and
/// split into words by the project's analyzer with stemming and stopwords off. Thread-safe; the
/// caller owns the <see cref="Scratch"/> it passes (one per thread), so featurizing allocates
/// nothing per text beyond normalization of non-ASCII text.
/// </summary>
internal sealed class TextFeaturizer
{
    private const int MaxTokenChars = 48;
    private static readonly TextCleaner Cleaner = new(new TextCleaningOptions { Normalization = NormalizationForm.FormKC });
    private static readonly Analyzer Words = new(new LexicalOptions { Language = "none", Stem = false, RemoveStopwords = false });
    private static readonly string[] TopLevelDomains = [".com", ".net", ".org", ".co", ".uk", ".ly", ".biz", ".info", ".io", ".me", ".in", ".de", ".us"];

    private readonly TextFeatureOptions _options;
    private readonly uint _buckets;

    public TextFeaturizer(TextFeatureOptions options)
    {
        options.Validate();
        _options = options;
        _buckets = (uint)options.Buckets;
    }

    /// <summary>Per-thread buffers.</summary>
    public sealed class Scratch
    {
        public readonly List<string> Terms = new(64);
        public readonly List<int> WordBuckets = new(256);
        public readonly List<int> CharBuckets = new(1024);
        public readonly char[] Token = new char[MaxTokenChars + 2];
    }

    /// <summary>Fills <paramref name="scratch"/>'s word and character bucket lists for <paramref name="text"/>.</summary>
    public void Featurize(string text, Scratch scratch)
    {
        scratch.WordBuckets.Clear();
        scratch.CharBuckets.Clear();
        scratch.Terms.Clear();
        string clean = Cleaner.Clean(text);
        Words.Analyze(clean, scratch.Terms);
        AddWordNgrams(scratch);
        if (_options.Shapes) AddShapes(clean, scratch.WordBuckets);
        if (_options.CharNgramMax > 0) AddCharNgrams(clean, scratch);
    }

    private void AddWordNgrams(Scratch scratch)
    {
        var terms = CollectionsMarshal.AsSpan(scratch.Terms);
        uint prev1 = 0, prev2 = 0;
        for (int i = 0; i < terms.Length; i++)
        {
            uint h = FeatureHash.Of(terms[i], FeatureHash.WordSeed);
            scratch.WordBuckets.Add(Bucket(h));
            if (_options.WordNgrams >= 2 && i >= 1) scratch.WordBuckets.Add(Bucket(FeatureHash.Combine(prev1, h, FeatureHash.BigramSeed)));
            if (_options.WordNgrams >= 3 && i >= 2) scratch.WordBuckets.Add(Bucket(FeatureHash.Combine(FeatureHash.Combine(prev2, prev1, FeatureHash.TrigramSeed), h, FeatureHash.TrigramSeed)));
            prev2 = prev1;
            prev1 = h;
        }
    }

    private void AddShapes(string text, List<int> buckets)
    {
        int tokens = 0;
        foreach (var range in text.AsSpan().SplitAny(" \n\t"))
        {
            var token = text.AsSpan(range);
            if (token.IsEmpty) continue;
            tokens++;
            if (token.Contains("://", StringComparison.Ordinal) || token.StartsWith("www.", StringComparison.OrdinalIgnoreCase) || LooksLikeDomain(token))
                buckets.Add(Shape("<url>"));
            int at = token.IndexOf('@');
            if (at > 0 && token[(at + 1)..].Contains('.')) buckets.Add(Shape("<email>"));
            int digits = 0, run = 0, letters = 0, upper = 0;
            foreach (char c in token)
            {
                if (char.IsAsciiDigit(c)) { digits++; run++; continue; }
                if (run > 0) { buckets.Add(NumberShape(run)); run = 0; }
                if (char.IsLetter(c)) { letters++; if (char.IsUpper(c)) upper++; }
                else if (c == '!') buckets.Add(Shape("<!>"));
                else if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.CurrencySymbol) buckets.Add(Bucket(FeatureHash.Combine(FeatureHash.Of("<currency>", FeatureHash.ShapeSeed), c, FeatureHash.ShapeSeed)));
            }
            if (run > 0) buckets.Add(NumberShape(run));
            if (digits >= 7) buckets.Add(Shape("<phone>"));
            if (letters >= 2 && upper == letters) buckets.Add(Shape("<caps>"));
        }
        int lengthClass = tokens == 0 ? 0 : 1 + (int)Math.Log2(tokens);
        buckets.Add(Bucket(FeatureHash.Combine(FeatureHash.Of("<length>", FeatureHash.ShapeSeed), (uint)lengthClass, FeatureHash.ShapeSeed)));
    }

    private static bool LooksLikeDomain(ReadOnlySpan<char> token)
    {
        token = token.TrimEnd(".,;:!?)");
        int slash = token.IndexOf('/');
        var host = slash > 0 ? token[..slash] : token;
        if (host.Length < 4) return false;
        foreach (var tld in TopLevelDomains)
            if (host.EndsWith(tld, StringComparison.OrdinalIgnoreCase) && host.Length > tld.Length) return true;
        return false;
    }

    private int NumberShape(int run) => Bucket(FeatureHash.Combine(FeatureHash.Of("<number>", FeatureHash.ShapeSeed), (uint)Math.Min(run, 12), FeatureHash.ShapeSeed));

    private int Shape(string name) => Bucket(FeatureHash.Of(name, FeatureHash.ShapeSeed));

    private void AddCharNgrams(string text, Scratch scratch)
    {
        var buffer = scratch.Token.AsSpan();
        int min = _options.CharNgramMin, max = _options.CharNgramMax;
        foreach (var range in text.AsSpan().SplitAny(" \n\t"))
        {
            var token = text.AsSpan(range);
            if (token.IsEmpty) continue;
            if (token.Length > MaxTokenChars) token = token[..MaxTokenChars];
            buffer[0] = ' ';
            int length = 1 + token.ToLowerInvariant(buffer[1..]);
            buffer[length++] = ' ';
            var padded = buffer[..length];
            for (int n = min; n <= max && n <= length; n++)
            {
                for (int i = 0; i + n <= length; i++)
                {
                    scratch.CharBuckets.Add(Bucket(FeatureHash.Of(padded.Slice(i, n), FeatureHash.CharSeed ^ (uint)n)));
                }
            }
        }
    }

    private int Bucket(uint hash) => (int)(hash % _buckets);
}
