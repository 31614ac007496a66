using Tailor.FineTuning.Datasets;

namespace Tailor.FineTuning.Statistics;

/// <summary>Computes <see cref="DatasetStats"/> over the examples of a dataset.</summary>
public static class DatasetStatistics
{
    public static DatasetStats Compute(DatasetFile dataset, ExampleTokenCounter counter, string model, int tokenLimit)
    {
        var messages = new List<int>(dataset.Examples.Count);
        var tokens = new List<int>(dataset.Examples.Count);
        var trained = new List<int>(dataset.Examples.Count);
        int over = 0, noSystem = 0;
        long total = 0, totalTrained = 0;
        foreach (var example in dataset.Examples)
        {
            messages.Add(example.Messages.Count);
            int t = counter.Count(example);
            int a = counter.CountTrained(example);
            tokens.Add(t);
            trained.Add(a);
            total += t;
            totalTrained += a;
            if (t > tokenLimit) over++;
            if (!example.Messages.Any(m => m.Role is "system" or "developer")) noSystem++;
        }
        return new DatasetStats(DatasetFormats.Name(dataset.Format), counter.Encoding, model, tokenLimit, dataset.Examples.Count,
            Distribution.Of(messages), Distribution.Of(tokens), Distribution.Of(trained), over, noSystem, total, totalTrained);
    }
}
