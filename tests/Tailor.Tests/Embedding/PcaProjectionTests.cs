using Tailor.Embedding;

namespace Tailor.Tests.Embedding;

public class PcaProjectionTests
{
    /// <summary>Points spread mostly along two known orthogonal directions, with a little noise, offset from the origin.</summary>
    private static List<float[]> Planar(int n, int d, out float[] u, out float[] v)
    {
        var random = new Random(7);
        u = new float[d];
        v = new float[d];
        for (int i = 0; i < d; i++) { u[i] = (float)random.NextDouble() - 0.5f; v[i] = (float)random.NextDouble() - 0.5f; }
        Normalize(u);
        float dot = Dot(u, v);
        for (int i = 0; i < d; i++) v[i] -= dot * u[i];
        Normalize(v);
        var points = new List<float[]>(n);
        for (int p = 0; p < n; p++)
        {
            double a = (random.NextDouble() - 0.5) * 10, b = (random.NextDouble() - 0.5) * 4;
            var x = new float[d];
            for (int i = 0; i < d; i++) x[i] = 3f + (float)(a * u[i] + b * v[i] + (random.NextDouble() - 0.5) * 0.01);
            points.Add(x);
        }
        return points;
    }

    private static float Dot(float[] a, float[] b) { float s = 0; for (int i = 0; i < a.Length; i++) s += a[i] * b[i]; return s; }

    private static void Normalize(float[] a) { float n = MathF.Sqrt(Dot(a, a)); for (int i = 0; i < a.Length; i++) a[i] /= n; }

    [Fact]
    public void Two_components_preserve_the_geometry_of_planar_data()
    {
        var points = Planar(400, 40, out var u, out var v);
        var pca = PcaProjection.Fit(points, 2);
        Assert.Equal(40, pca.InputDimensions);
        Assert.Equal(2, pca.Dimensions);
        // after centring, cosine between any two points is the same in 40-D and in the projection
        var mean = new float[40];
        foreach (var p in points) for (int i = 0; i < 40; i++) mean[i] += p[i] / points.Count;
        for (int k = 0; k < 20; k++)
        {
            var a = points[k]; var b = points[k + 100];
            var ca = a.Select((x, i) => x - mean[i]).ToArray(); var cb = b.Select((x, i) => x - mean[i]).ToArray();
            Normalize(ca); Normalize(cb);
            Assert.Equal(Dot(ca, cb), Dot(pca.Project(a), pca.Project(b)), 2);
        }
        // the first component is the direction of largest spread (u), up to sign
        var alongU = pca.Project(mean.Select((x, i) => x + u[i]).ToArray());
        // (the sample's axes are rotated from u, v by about 1/sqrt(n) through chance correlation)
        Assert.InRange(MathF.Abs(alongU[0]), 0.98f, 1.0001f);
        Assert.InRange(MathF.Abs(alongU[1]), 0f, 0.15f);
        var alongV = pca.Project(mean.Select((x, i) => x + v[i]).ToArray());
        Assert.InRange(MathF.Abs(alongV[0]), 0f, 0.15f);
        Assert.InRange(MathF.Abs(alongV[1]), 0.98f, 1.0001f);
    }

    [Fact]
    public void Saved_bytes_round_trip_and_damage_is_detected()
    {
        var points = Planar(100, 16, out _, out _);
        var pca = PcaProjection.Fit(points, 3);
        var bytes = pca.ToBytes();
        var loaded = PcaProjection.FromBytes(bytes, "test");
        Assert.Equal(pca.Project(points[5]), loaded.Project(points[5]));
        bytes[40] ^= 0x10;
        var ex = Assert.Throws<TailorException>(() => PcaProjection.FromBytes(bytes, "test"));
        Assert.Contains("damaged", ex.Message);
    }

    [Fact]
    public void Bad_requests_are_refused_clearly()
    {
        var points = Planar(10, 8, out _, out _);
        Assert.Contains("--reduce value from 1 to 7", Assert.Throws<TailorException>(() => PcaProjection.Fit(points, 8)).Message);
        Assert.Throws<TailorException>(() => PcaProjection.Fit([points[0]], 2));
        var pca = PcaProjection.Fit(points, 2);
        Assert.Throws<TailorException>(() => pca.Project(new float[5]));
    }
}
