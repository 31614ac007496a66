namespace Tailor.FineTuning.Classification;

/// <summary>
/// How a text becomes a feature vector: word unigrams (and bigrams, …, up to <see cref="WordNgrams"/>),
/// character n-grams inside word boundaries (<see cref="CharNgramMin"/>–<see cref="CharNgramMax"/>,
/// each word padded with a space on both sides), and shape features (numbers by length,
/// phone-number-like digit runs, URLs, e-mail addresses, currency symbols, words in capitals).
/// Features are hashed into <see cref="Buckets"/> buckets; the buckets seen in training become
/// the model's columns, weighted by sublinear TF × IDF learned on the training set and
/// L2-normalized (words and characters each to half the unit norm). Words are not stemmed and
/// no stopwords are dropped: in short messages they carry signal. With <see cref="Embeddings"/>, a
/// dense block (the text's embedding, normalized to the same share of the norm) is appended.
/// </summary>
public sealed record TextFeatureOptions
{
    /// <summary>Hash space size (a power of two keeps hashing cheap; any value from 2^10 to 2^26 is accepted).</summary>
    public int Buckets { get; init; } = 1 << 20;

    /// <summary>Longest word n-gram: 1 (unigrams) to 3.</summary>
    public int WordNgrams { get; init; } = 2;

    /// <summary>Shortest character n-gram (0 with <see cref="CharNgramMax"/> 0 turns character n-grams off).</summary>
    public int CharNgramMin { get; init; } = 2;

    /// <summary>Longest character n-gram (at most 8).</summary>
    public int CharNgramMax { get; init; } = 5;

    /// <summary>Add shape features (number lengths, phone numbers, URLs, e-mails, currency, capitals).</summary>
    public bool Shapes { get; init; } = true;

    /// <summary>A bucket becomes a column only when at least this many training texts contain it.</summary>
    public int MinDocumentFrequency { get; init; } = 1;

    /// <summary>Use 1 + ln(tf) instead of the raw count.</summary>
    public bool SublinearTf { get; init; } = true;

    /// <summary>
    /// Embedding features: <c>builtin</c> (default), the project's LSA embedder trained on the training
    /// texts and saved with the model (offline); <c>server</c>, the configured embedding model (the same
    /// model must be configured to classify with it); or <c>none</c>.
    /// </summary>
    public string Embeddings { get; init; } = "builtin";

    /// <summary>Throws a <see cref="TailorException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (Embeddings is not ("none" or "builtin" or "server"))
            throw new TailorException($"Feature option embeddings = \"{Embeddings}\" is unknown: use none, builtin (trained on the training texts) or server (the configured embedding model).");
        if (Buckets < 1 << 10 || Buckets > 1 << 26)
            throw new TailorException($"Feature option buckets = {Buckets} is out of range: use 1024 to 67108864 (default 1048576).");
        if (WordNgrams is < 1 or > 3)
            throw new TailorException($"Feature option word n-grams = {WordNgrams} is out of range: use 1, 2 or 3.");
        bool noChars = CharNgramMin == 0 && CharNgramMax == 0;
        if (!noChars && (CharNgramMin < 1 || CharNgramMax > 8 || CharNgramMin > CharNgramMax))
            throw new TailorException($"Character n-grams {CharNgramMin}-{CharNgramMax} are invalid: use MIN-MAX with 1 <= MIN <= MAX <= 8 (default 2-5), or 0-0 to turn them off.");
        if (MinDocumentFrequency < 1)
            throw new TailorException($"Feature option min document frequency = {MinDocumentFrequency} is invalid: use 1 or more.");
    }
}
