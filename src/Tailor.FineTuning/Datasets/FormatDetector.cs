using System.Text.Json.Nodes;

namespace Tailor.FineTuning.Datasets;

/// <summary>Guesses a dataset's format from the keys of its first objects (a majority vote; chat when nothing matches).</summary>
public static class FormatDetector
{
    /// <summary>The format most of <paramref name="objects"/> look like.</summary>
    public static DatasetFormat Detect(IEnumerable<JsonObject> objects)
    {
        var votes = new int[4];
        foreach (var obj in objects)
        {
            if (Guess(obj) is { } f) votes[(int)f]++;
        }
        int best = 0;
        for (int i = 1; i < votes.Length; i++) if (votes[i] > votes[best]) best = i;
        return (DatasetFormat)best;
    }

    /// <summary>The format one object looks like, or null.</summary>
    public static DatasetFormat? Guess(JsonObject obj)
    {
        if (obj.ContainsKey("messages")) return DatasetFormat.Chat;
        if (obj.ContainsKey("conversations")) return DatasetFormat.ShareGpt;
        if (obj.ContainsKey("instruction") || obj.ContainsKey("output")) return DatasetFormat.Alpaca;
        if (obj.ContainsKey("prompt") || obj.ContainsKey("completion")) return DatasetFormat.Completion;
        return null;
    }
}
