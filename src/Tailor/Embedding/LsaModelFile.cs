using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using Tailor.Vectors;

namespace Tailor.Embedding;

/// <summary>
/// The persisted form of an <see cref="LsaModel"/>, little-endian: magic "TLSA", format version,
/// the model (id, options, singular values, vocabulary, IDF, projection) and a CRC-32C of all
/// preceding bytes.
/// </summary>
internal static class LsaModelFile
{
    private static ReadOnlySpan<byte> Magic => "TLSA"u8;

    public const int FormatVersion = 1;

    public static void Save(LsaModel model, Stream stream)
    {
        if (!BitConverter.IsLittleEndian) throw new TailorException("Saving the built-in embedder needs a little-endian machine.");
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            w.Write(FormatVersion);
            w.Write(model.ModelId);
            var o = model.Options;
            w.Write(o.Dimensions);
            w.Write(o.MinDocumentFrequency);
            w.Write(o.MaxDocumentFraction);
            w.Write(o.MaxVocabulary);
            w.Write(o.Oversampling);
            w.Write(o.PowerIterations);
            w.Write(o.Seed);
            w.Write(o.SingularValueExponent);
            w.Write(model.DocumentCount);
            w.Write(model.Dimensions);
            foreach (double s in model.Sigma) w.Write(s);
            w.Write(model.Terms.Length);
            foreach (var term in model.Terms) w.Write(term);
            w.Write(MemoryMarshal.AsBytes(model.Idf.AsSpan()));
            w.Write(MemoryMarshal.AsBytes(model.Projection.AsSpan()));
        }
        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(crc, Crc32C.Append(0, bytes));
        stream.Write(bytes);
        stream.Write(crc);
    }

    public static LsaModel Load(Stream stream, string source)
    {
        if (!BitConverter.IsLittleEndian) throw new TailorException("Loading the built-in embedder needs a little-endian machine.");
        byte[] bytes;
        using (var copy = new MemoryStream())
        {
            stream.CopyTo(copy);
            bytes = copy.ToArray();
        }
        if (bytes.Length < Magic.Length + 8 || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw Damaged(source, "it is not a Tailor embedder model file");
        int version = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(Magic.Length));
        if (version > FormatVersion)
            throw new TailorException($"The embedder model {source} has format version {version}, newer than this Tailor understands ({FormatVersion}). Upgrade Tailor, or retrain with `tailor reembed`.");
        if (version < 1) throw Damaged(source, $"its format version {version} is invalid");
        int body = bytes.Length - 4;
        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(body));
        if (Crc32C.Append(0, bytes.AsSpan(0, body)) != stored) throw Damaged(source, "its checksum does not match");

        try
        {
            using var r = new BinaryReader(new MemoryStream(bytes, Magic.Length + 4, body - Magic.Length - 4, writable: false), Encoding.UTF8);
            string modelId = r.ReadString();
            var options = new LsaOptions
            {
                Dimensions = r.ReadInt32(),
                MinDocumentFrequency = r.ReadInt32(),
                MaxDocumentFraction = r.ReadDouble(),
                MaxVocabulary = r.ReadInt32(),
                Oversampling = r.ReadInt32(),
                PowerIterations = r.ReadInt32(),
                Seed = r.ReadUInt64(),
                SingularValueExponent = r.ReadDouble(),
            };
            options.Validate();
            int documents = r.ReadInt32();
            int dims = r.ReadInt32();
            if (dims < 1 || dims > options.Dimensions || documents < 1) throw Damaged(source, "its dimensions are invalid");
            var sigma = new double[dims];
            for (int k = 0; k < dims; k++) sigma[k] = r.ReadDouble();
            int vocab = r.ReadInt32();
            long remaining = r.BaseStream.Length - r.BaseStream.Position;
            if (vocab < 1 || vocab > remaining) throw Damaged(source, "its vocabulary size is invalid");
            var terms = new string[vocab];
            for (int t = 0; t < vocab; t++) terms[t] = r.ReadString();
            var idf = ReadFloats(r, vocab, source);
            var projection = ReadFloats(r, (long)vocab * dims, source);
            if (r.BaseStream.Position != r.BaseStream.Length) throw Damaged(source, "it has trailing bytes");
            return new LsaModel(modelId, options, documents, dims, sigma, terms, idf, projection);
        }
        catch (EndOfStreamException e)
        {
            throw new TailorException($"The embedder model {source} is damaged: it ends early. Retrain it with `tailor reembed`.", e);
        }
        catch (TailorException e) when (!e.Message.StartsWith("The embedder model", StringComparison.Ordinal))
        {
            throw new TailorException($"The embedder model {source} is damaged: {e.Message} Retrain it with `tailor reembed`.", e);
        }
    }

    private static float[] ReadFloats(BinaryReader r, long count, string source)
    {
        long remaining = r.BaseStream.Length - r.BaseStream.Position;
        if (count * 4 > remaining) throw Damaged(source, "it ends early");
        var values = new float[count];
        r.BaseStream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    }

    private static TailorException Damaged(string source, string why) =>
        new($"The embedder model {source} is damaged: {why}. Retrain it with `tailor reembed`, or restore the file from a backup.");
}
