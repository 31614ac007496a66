using Tailor.FineTuning.Classification;

namespace Tailor.FineTuning.Tests.Classification;

public sealed class FeatureSpaceTests
{
    private static readonly ParallelOptions Serial = new() { MaxDegreeOfParallelism = 1 };

    private static (int[] Columns, float[] Values) Vector(FeatureSpace space, string text)
    {
        var scratch = new FeatureSpace.Scratch();
        space.Transform(text, scratch);
        return (scratch.Columns.ToArray(), scratch.Values.ToArray());
    }

    [Fact]
    public void Vectors_are_unit_length_sorted_and_drop_unseen_features()
    {
        var space = FeatureSpace.Fit(["free entry win cash", "see you at the pub", "call 0800 123 4567 now"], new TextFeatureOptions(), Serial);
        var (columns, values) = Vector(space, "win cash at the pub");
        Assert.Equal(1.0, Math.Sqrt(values.Sum(v => (double)v * v)), 5);
        Assert.True(columns.SequenceEqual(columns.Order().Distinct()), "columns ascending and unique");
        Assert.Empty(Vector(space, "  ").Columns);
        Assert.All(columns, c => Assert.InRange(c, 0, space.Columns - 1));
    }

    [Fact]
    public void Words_are_not_stemmed_and_stopwords_are_kept()
    {
        var featurizer = new TextFeaturizer(new TextFeatureOptions { CharNgramMin = 0, CharNgramMax = 0, Shapes = false, WordNgrams = 1 });
        var scratch = new TextFeaturizer.Scratch();
        featurizer.Featurize("running", scratch);
        var running = scratch.WordBuckets.ToArray();
        featurizer.Featurize("run", scratch);
        Assert.NotEqual(running, scratch.WordBuckets.ToArray());
        featurizer.Featurize("the", scratch);
        Assert.Single(scratch.WordBuckets);
    }

    [Fact]
    public void Urls_phone_numbers_and_currency_add_shape_features()
    {
        var options = new TextFeatureOptions { CharNgramMin = 0, CharNgramMax = 0, WordNgrams = 1 };
        var featurizer = new TextFeaturizer(options);
        var noShapes = new TextFeaturizer(options with { Shapes = false });
        var scratch = new TextFeaturizer.Scratch();
        int Extra(string text)
        {
            featurizer.Featurize(text, scratch);
            int with = scratch.WordBuckets.Count;
            noShapes.Featurize(text, scratch);
            return with - scratch.WordBuckets.Count;
        }
        int plain = Extra("hello there");
        Assert.Equal(1, plain); // the length class only
        Assert.True(Extra("visit www.win.com") > plain, "url");
        Assert.True(Extra("call 07712345678") > plain + 1, "number and phone");
        Assert.True(Extra("only £5") > plain + 1, "currency and number");
        Assert.True(Extra("FREE stuff") > plain, "capitals");
    }

    [Fact]
    public void Idf_favours_rare_features()
    {
        var space = FeatureSpace.Fit(["common rare", "common", "common"], new TextFeatureOptions { CharNgramMin = 0, CharNgramMax = 0, Shapes = false, WordNgrams = 1 }, Serial);
        var featurizer = new TextFeaturizer(space.Options);
        var scratch = new TextFeaturizer.Scratch();
        featurizer.Featurize("common", scratch);
        int common = Array.IndexOf(space.Buckets, scratch.WordBuckets[0]);
        featurizer.Featurize("rare", scratch);
        int rare = Array.IndexOf(space.Buckets, scratch.WordBuckets[0]);
        Assert.Equal(1f, space.Idf[common], 5); // ln(4/4) + 1
        Assert.Equal((float)(Math.Log(4.0 / 2) + 1), space.Idf[rare], 5);
    }
}
