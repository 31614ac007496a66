namespace Tailor.FineTuning.ModelEvaluation;

/// <summary>The exact two-sided sign test: how likely a split at least as uneven as better/worse is when neither side is better.</summary>
public static class SignTest
{
    /// <summary>The p-value for <paramref name="better"/> wins and <paramref name="worse"/> losses (ties left out); 1 when there are none.</summary>
    public static double PValue(int better, int worse)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(better);
        ArgumentOutOfRangeException.ThrowIfNegative(worse);
        int n = better + worse;
        if (n == 0) return 1;
        int k = Math.Min(better, worse);
        // P(X <= k) for X ~ Binomial(n, 1/2), summed in log space so large n does not overflow
        double tail = 0;
        double logHalfN = n * Math.Log(0.5);
        for (int i = 0; i <= k; i++) tail += Math.Exp(LogChoose(n, i) + logHalfN);
        return Math.Min(1, 2 * tail);
    }

    private static double LogChoose(int n, int k)
    {
        double sum = 0;
        for (int i = 1; i <= k; i++) sum += Math.Log(n - k + i) - Math.Log(i);
        return sum;
    }
}
