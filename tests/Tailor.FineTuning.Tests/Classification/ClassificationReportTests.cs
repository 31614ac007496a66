using Tailor.FineTuning.Classification;

namespace Tailor.FineTuning.Tests.Classification;

public sealed class ClassificationReportTests
{
    [Fact]
    public void Metrics_of_a_hand_made_confusion_matrix()
    {
        // rows: actual a, b, c; columns: predicted a, b, c
        int[][] confusion = [[5, 2, 0], [1, 3, 1], [0, 0, 0]];
        var report = ClassificationReport.FromConfusion(["a", "b", "c"], confusion);

        Assert.Equal(12, report.Total);
        Assert.Equal(8.0 / 12, report.Accuracy, 12);
        // a: precision 5/6, recall 5/7; b: precision 3/5, recall 3/5; c: nothing predicted or present → 0
        var a = report.PerClass["a"];
        Assert.Equal(5.0 / 6, a.Precision, 12);
        Assert.Equal(5.0 / 7, a.Recall, 12);
        double f1A = 2 * (5.0 / 6) * (5.0 / 7) / (5.0 / 6 + 5.0 / 7);
        Assert.Equal(f1A, a.F1, 12);
        Assert.Equal(7, a.Support);
        var b = report.PerClass["b"];
        Assert.Equal(0.6, b.Precision, 12);
        Assert.Equal(0.6, b.Recall, 12);
        Assert.Equal(0.6, b.F1, 12);
        Assert.Equal(5, b.Support);
        var c = report.PerClass["c"];
        Assert.Equal(new ClassMetrics(0, 0, 0, 0), c);
        Assert.Equal((f1A + 0.6 + 0) / 3, report.MacroF1, 12);
    }

    [Fact]
    public void From_predictions_builds_the_confusion_matrix()
    {
        var report = ClassificationReport.FromPredictions(["ham", "spam"], [0, 0, 1, 1, 1], [0, 1, 1, 1, 0]);
        Assert.Equal([[1, 1], [1, 2]], report.Confusion);
        Assert.Equal(0.6, report.Accuracy, 12);
    }

    [Fact]
    public void A_matrix_of_the_wrong_shape_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => ClassificationReport.FromConfusion(["a", "b"], [[1, 0], [0, 1, 0]]));
    }
}
