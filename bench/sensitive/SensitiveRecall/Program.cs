// Precision and recall of the sensitive data detector on a planted corpus generated here (seeded, so
// every run measures the same text): sentences carrying one planted value of a known kind, and
// sentences carrying look-alikes that are not sensitive (versions, dates, order numbers, prices,
// hashes, ISBNs, coordinates). Prints per-kind figures and every false positive and miss found.
//   dotnet run --project bench/sensitive/SensitiveRecall -c Release -- [documents=2000] [seed=7]
using System.Globalization;
using System.Text;
using Tailor.Cleaning;

int documents = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2000;
int seed = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 7;
var random = new Random(seed);

string Digits(int n) => string.Concat(Enumerable.Range(0, n).Select(_ => (char)('0' + random.Next(10))));
string Letters(int n, string alphabet) => string.Concat(Enumerable.Range(0, n).Select(_ => alphabet[random.Next(alphabet.Length)]));
const string Alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

string Luhn(string prefix, int length)
{
    var body = prefix + Digits(length - prefix.Length - 1);
    for (int check = 0; check < 10; check++)
    {
        var candidate = body + check;
        int sum = 0;
        for (int i = 0; i < candidate.Length; i++)
        {
            int d = candidate[candidate.Length - 1 - i] - '0';
            if (i % 2 == 1) { d *= 2; if (d > 9) d -= 9; }
            sum += d;
        }
        if (sum % 10 == 0) return candidate;
    }
    throw new InvalidOperationException();
}

string Iban(string country, int bban)
{
    var account = Digits(bban);
    var rearranged = account + string.Concat(country.Select(c => (c - 'A' + 10).ToString(CultureInfo.InvariantCulture))) + "00";
    int remainder = 0;
    foreach (char c in rearranged) remainder = (remainder * 10 + (c - '0')) % 97;
    var iban = country + (98 - remainder).ToString("D2", CultureInfo.InvariantCulture) + account;
    return random.Next(2) == 0 ? iban : string.Join(" ", iban.Chunk(4).Select(g => new string(g)));
}

string Group4(string digits, char sep) => string.Join(sep, digits.Chunk(4).Select(g => new string(g)));

var planted = new (SensitiveKind Kind, Func<string> Make)[]
{
    (SensitiveKind.Email, () => $"{Letters(6, "abcdefghij")}.{Letters(5, "klmnopqrst")}@{Letters(7, "uvwxyzabc")}.{(random.Next(2) == 0 ? "com" : "co.uk")}"),
    (SensitiveKind.Phone, () => random.Next(3) switch
    {
        0 => $"+44 20 {Digits(4)} {Digits(4)}",
        1 => $"({random.Next(201, 989)}) {random.Next(200, 999)}-{Digits(4)}",
        _ => $"+49 30 {Digits(8)}",
    }),
    (SensitiveKind.Card, () => random.Next(3) switch
    {
        0 => Group4(Luhn("4", 16), ' '),
        1 => Group4(Luhn("5" + random.Next(1, 6), 16), '-'),
        _ => Luhn("4", 16),
    }),
    (SensitiveKind.Iban, () => random.Next(2) == 0 ? Iban("DE", 18) : Iban("FR", 23)),
    (SensitiveKind.Ssn, () => $"{random.Next(100, 665)}-{random.Next(10, 99)}-{random.Next(1000, 9999)}"),
    (SensitiveKind.Ip, () => $"{random.Next(11, 223)}.{random.Next(0, 255)}.{random.Next(0, 255)}.{random.Next(1, 254)}"),
    (SensitiveKind.Secret, () => random.Next(4) switch
    {
        0 => "ghp_" + Letters(36, Alnum),
        1 => "AKIA" + Letters(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"),
        2 => "sk-" + Letters(40, Alnum),
        _ => Letters(40, Alnum),
    }),
};

var decoys = new (string Name, Func<string> Make)[]
{
    ("version", () => $"v{random.Next(1, 20)}.{random.Next(0, 30)}.{random.Next(0, 99)}"),
    ("4-part version", () => $"version {random.Next(1, 20)}.{random.Next(0, 9)}.{random.Next(0, 99)}.{random.Next(0, 9999)}"),
    ("date", () => $"{random.Next(1990, 2030)}-{random.Next(1, 13):D2}-{random.Next(1, 29):D2}"),
    ("order number", () => $"order {Digits(random.Next(6, 13))}"),
    ("price", () => $"${random.Next(1, 99999)}.{random.Next(0, 99):D2}"),
    ("git hash", () => Letters(40, "0123456789abcdef")),
    ("isbn", () => $"ISBN 978-{random.Next(0, 9)}-{Digits(3)}-{Digits(5)}-{random.Next(0, 9)}"),
    ("invalid card", () => { var c = Luhn("4", 16); return Group4(c[..^1] + (char)('0' + (c[^1] - '0' + 1) % 10), ' '); }),
    ("coordinates", () => $"{random.Next(-89, 89)}.{Digits(4)}, {random.Next(-179, 179)}.{Digits(4)}"),
    ("time range", () => $"{random.Next(0, 23):D2}:{random.Next(0, 59):D2}-{random.Next(0, 23):D2}:{random.Next(0, 59):D2}"),
    ("uuid", () => Guid.NewGuid().ToString()),
    ("tracking code", () => $"1Z{Letters(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")}"),
    // look-alikes the detector is known to take for sensitive data, kept to show what is left
    ("spaced order number", () => $"order no. {Digits(3)} {Digits(3)} {Digits(4)}"),
    ("release number", () => $"release {random.Next(1, 20)}.{random.Next(0, 9)}.{random.Next(0, 99)}.{random.Next(1, 99)}"),
    ("serial in groups of 4", () => $"serial {Group4(Digits(16), '-')}"),
    ("base64 checksum", () => Convert.ToBase64String(Enumerable.Range(0, 30).Select(_ => (byte)random.Next(256)).ToArray())),
};

string[] fillers = ["Please review the attached notes before the meeting.", "The quarterly figures look stable.", "Contact support if anything is unclear.", "This was agreed in the last review."];

var truePositive = new Dictionary<SensitiveKind, int>();
var falseNegative = new Dictionary<SensitiveKind, int>();
var falsePositive = new Dictionary<SensitiveKind, int>();
var fpExamples = new Dictionary<string, List<string>>();
var missExamples = new List<string>();
int plantedCount = 0, decoyCount = 0;
for (int d = 0; d < documents; d++)
{
    var text = new StringBuilder();
    var expected = new List<(SensitiveKind Kind, int Start, int Length)>();
    var decoySpans = new List<(string Name, int Start, int Length)>();
    for (int s = 0; s < 6; s++)
    {
        text.Append(fillers[random.Next(fillers.Length)]).Append(' ');
        if (random.Next(2) == 0)
        {
            var (kind, make) = planted[random.Next(planted.Length)];
            var value = make();
            text.Append("The record mentions ");
            expected.Add((kind, text.Length, value.Length));
            text.Append(value).Append(". ");
            plantedCount++;
        }
        else
        {
            var (name, make) = decoys[random.Next(decoys.Length)];
            var value = make();
            text.Append("See ");
            decoySpans.Add((name, text.Length, value.Length));
            text.Append(value).Append(" for details. ");
            decoyCount++;
        }
    }
    var doc = text.ToString();
    var found = SensitiveDataDetector.Find(doc);
    var matched = new HashSet<int>();
    foreach (var e in expected)
    {
        int hit = found.FindIndex(f => f.Kind == e.Kind && f.Start == e.Start && f.Length == e.Length);
        if (hit >= 0) { matched.Add(hit); truePositive[e.Kind] = truePositive.GetValueOrDefault(e.Kind) + 1; }
        else
        {
            falseNegative[e.Kind] = falseNegative.GetValueOrDefault(e.Kind) + 1;
            if (missExamples.Count < 15) missExamples.Add($"{e.Kind}: {doc.Substring(e.Start, e.Length)}");
        }
    }
    for (int i = 0; i < found.Count; i++)
    {
        if (matched.Contains(i)) continue;
        var f = found[i];
        falsePositive[f.Kind] = falsePositive.GetValueOrDefault(f.Kind) + 1;
        var decoy = decoySpans.FirstOrDefault(x => f.Start < x.Start + x.Length && x.Start < f.End);
        var key = $"{f.Kind} on {(decoy.Name ?? "other text")}";
        if (!fpExamples.TryGetValue(key, out var list)) fpExamples[key] = list = [];
        list.Add(doc.Substring(f.Start, f.Length));
    }
}

Console.WriteLine($"planted corpus: {documents} documents, {plantedCount} planted values, {decoyCount} look-alikes (seed {seed})");
Console.WriteLine($"{"kind",-8} {"planted",8} {"found",6} {"false+",7} {"precision",10} {"recall",7}");
int tpAll = 0, fnAll = 0, fpAll = 0;
foreach (var kind in SensitiveDataDetector.AllKinds)
{
    int tp = truePositive.GetValueOrDefault(kind), fn = falseNegative.GetValueOrDefault(kind), fp = falsePositive.GetValueOrDefault(kind);
    tpAll += tp; fnAll += fn; fpAll += fp;
    Console.WriteLine($"{kind.ToString().ToLowerInvariant(),-8} {tp + fn,8} {tp,6} {fp,7} {Ratio(tp, tp + fp),10} {Ratio(tp, tp + fn),7}");
}
Console.WriteLine($"{"all",-8} {tpAll + fnAll,8} {tpAll,6} {fpAll,7} {Ratio(tpAll, tpAll + fpAll),10} {Ratio(tpAll, tpAll + fnAll),7}");
Console.WriteLine();
Console.WriteLine(fpExamples.Count == 0 ? "no false positives" : "false positives, by what was taken for what:");
foreach (var (key, list) in fpExamples.OrderByDescending(kv => kv.Value.Count))
    Console.WriteLine($"  {list.Count,5} {key}: e.g. {string.Join(" | ", list.Distinct().Take(3))}");
if (missExamples.Count > 0)
{
    Console.WriteLine("misses:");
    foreach (var m in missExamples) Console.WriteLine("  " + m);
}

static string Ratio(int a, int b) => b == 0 ? "-" : ((double)a / b).ToString("F3", CultureInfo.InvariantCulture);
