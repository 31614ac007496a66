using System.Buffers.Binary;
using System.Text;
using Tailor.Storage;

namespace Tailor.Lexical;

/// <summary>
/// The lexical index file, format version 1 (little-endian):
/// header <c>"TLXI"</c>, u32 version, u32 reserved; payload: analyzer (language, stem, stopwords),
/// the terms in use (varint-length UTF-8), then each live chunk in order: varint chunk id, varint
/// byte count, entries (varint term number, varint frequency); trailer: u64 payload length,
/// u64 checksum of header and payload (<see cref="BlockChecksum"/>), <c>"TLXE"</c>. Postings are
/// rebuilt on load from the chunk entries, so the file stays small and has one source of truth.
/// </summary>
internal static class LexicalIndexFile
{
    public const uint FormatVersion = 1;
    private const int HeaderSize = 12;
    private const int TrailerSize = 20;
    private static ReadOnlySpan<byte> Magic => "TLXI"u8;
    private static ReadOnlySpan<byte> EndMagic => "TLXE"u8;

    public static void Save(LexicalIndex index, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        try
        {
            var dir = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
            AtomicFile.Write(path, stream => Write(index, stream));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TailorException($"Cannot write the lexical index file {path}: {e.Message} Check the folder's permissions and free space.", e);
        }
    }

    public static LexicalIndex Load(string path, LexicalOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(options);
        byte[] data;
        try
        {
            data = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new TailorException($"The lexical index file {path} does not exist: run `tailor check --repair` to rebuild it from the knowledge base.", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TailorException($"Cannot read the lexical index file {path}: {e.Message} Check its permissions, or delete it and run `tailor check --repair` to rebuild it.", e);
        }
        return Read(data, path, options);
    }

    /// <summary>Copies the live chunks and used terms of <paramref name="source"/> into the empty <paramref name="target"/>.</summary>
    public static void CopyLive(LexicalIndex source, LexicalIndex target)
    {
        var remap = UsedTerms(source, out int used);
        for (int t = 0; t < source.TermCount; t++)
        {
            if (remap[t] >= 0) target.GetOrAddTerm(source.TermAt(t));
        }
        int bytes = 0;
        for (int ord = 0; ord < source.OrdinalCount; ord++)
        {
            if (!source.IsLive(ord)) continue;
            var (_, start, end) = source.ForwardRange(ord);
            bytes += end - start;
        }
        target.ReserveDocuments(source.Count, bytes + Varint.MaxBytes * 2);
        var scratch = new byte[256];
        for (int ord = 0; ord < source.OrdinalCount; ord++)
        {
            if (!source.IsLive(ord)) continue;
            var entries = Remap(source, ord, used == source.TermCount ? null : remap, ref scratch);
            if (!target.AppendEncoded(source.ChunkIdAt(ord), entries)) throw new InvalidOperationException("Compaction produced invalid entries.");
        }
    }

    /// <summary>New dense numbers for the terms still in use (-1 for the others).</summary>
    private static int[] UsedTerms(LexicalIndex index, out int used)
    {
        var remap = new int[index.TermCount];
        used = 0;
        for (int t = 0; t < index.TermCount; t++) remap[t] = index.DocumentFrequency(t) > 0 ? used++ : -1;
        return remap;
    }

    /// <summary>A chunk's encoded entries with term ids renumbered (or as stored when <paramref name="remap"/> is null).</summary>
    private static ReadOnlySpan<byte> Remap(LexicalIndex index, int ord, int[]? remap, ref byte[] scratch)
    {
        var (fwd, start, end) = index.ForwardRange(ord);
        if (remap is null) return fwd.AsSpan(start, end - start);
        if (scratch.Length < (end - start) + 2 * Varint.MaxBytes) scratch = new byte[2 * (end - start) + 2 * Varint.MaxBytes];
        int n = 0;
        for (int pos = start; pos < end;)
        {
            Varint.Write(scratch, ref n, (uint)remap[Varint.ReadUInt32(fwd, ref pos)]);
            Varint.Write(scratch, ref n, Varint.ReadUInt32(fwd, ref pos));
        }
        return scratch.AsSpan(0, n);
    }

    private static void Write(LexicalIndex index, Stream stream)
    {
        var writer = new ChecksummedWriter(stream);
        writer.WriteBytes(Magic);
        writer.WriteUInt32(FormatVersion);
        writer.WriteUInt32(0);

        var options = index.Options;
        bool english = options.Language == "english";
        writer.WriteString(options.Language);
        writer.WriteVarint(english && options.Stem ? 1u : 0u);
        writer.WriteVarint(english && options.RemoveStopwords ? 1u : 0u);

        var remap = UsedTerms(index, out int used);
        writer.WriteVarint((ulong)used);
        for (int t = 0; t < index.TermCount; t++)
        {
            if (remap[t] >= 0) writer.WriteString(index.TermAt(t));
        }

        writer.WriteVarint((ulong)index.Count);
        var scratch = new byte[256];
        for (int ord = 0; ord < index.OrdinalCount; ord++)
        {
            if (!index.IsLive(ord)) continue;
            var entries = Remap(index, ord, used == index.TermCount ? null : remap, ref scratch);
            writer.WriteVarint((ulong)index.ChunkIdAt(ord));
            writer.WriteVarint((ulong)entries.Length);
            writer.WriteBytes(entries);
        }
        var (length, checksum) = writer.Finish();

        Span<byte> trailer = stackalloc byte[TrailerSize];
        BinaryPrimitives.WriteUInt64LittleEndian(trailer, (ulong)(length - HeaderSize));
        BinaryPrimitives.WriteUInt64LittleEndian(trailer[8..], checksum);
        EndMagic.CopyTo(trailer[16..]);
        stream.Write(trailer);
    }

    private static LexicalIndex Read(byte[] data, string path, LexicalOptions options)
    {
        const string Fix = "run `tailor check --repair` to rebuild it from the knowledge base, or delete it";
        if (data.Length < HeaderSize + TrailerSize || !data.AsSpan(0, 4).SequenceEqual(Magic))
            throw new TailorException($"The file {path} is not a Tailor lexical index (wrong magic or too short): {Fix}.");
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(4));
        if (version != FormatVersion)
            throw new TailorException($"The lexical index file {path} has format version {version}, but this Tailor reads version {FormatVersion}: {Fix}.");
        var trailer = data.AsSpan(data.Length - TrailerSize);
        ulong payloadLength = BinaryPrimitives.ReadUInt64LittleEndian(trailer);
        ulong expected = BinaryPrimitives.ReadUInt64LittleEndian(trailer[8..]);
        if (!trailer[16..].SequenceEqual(EndMagic) || payloadLength != (ulong)(data.Length - HeaderSize - TrailerSize))
            throw new TailorException($"The lexical index file {path} is truncated or damaged (bad trailer): {Fix}.");
        var checksum = new BlockChecksum();
        var body = data.AsSpan(0, data.Length - TrailerSize);
        for (int at = 0; at < body.Length; at += ChecksummedWriter.BlockSize)
        {
            checksum.Append(body.Slice(at, Math.Min(ChecksummedWriter.BlockSize, body.Length - at)));
        }
        if (checksum.Value != expected)
            throw new TailorException($"The lexical index file {path} is damaged (checksum mismatch): {Fix}.");

        var payload = body[HeaderSize..];
        int pos = 0;
        string language = ReadString(payload, ref pos, path);
        bool stem = ReadNumber(payload, ref pos, path) != 0;
        bool stop = ReadNumber(payload, ref pos, path) != 0;
        bool english = options.Language == "english";
        if (language != options.Language || stem != (english && options.Stem) || stop != (english && options.RemoveStopwords))
            throw new TailorException($"The lexical index file {path} was built with other analyzer options (language {language}, stem {stem}, stopwords {stop}): run `tailor check --repair` to rebuild it with the current options.");

        var index = new LexicalIndex(options);
        int termCount = ReadCount(payload, ref pos, path);
        for (int t = 0; t < termCount; t++)
        {
            if (index.GetOrAddTerm(ReadString(payload, ref pos, path)) != t)
                throw new TailorException($"The lexical index file {path} lists a term twice: {Fix}.");
        }
        int docCount = ReadCount(payload, ref pos, path);
        index.ReserveDocuments(docCount, payload.Length - pos + Varint.MaxBytes * 2);
        for (int d = 0; d < docCount; d++)
        {
            ulong chunkId = ReadNumber(payload, ref pos, path);
            int bytes = ReadCount(payload, ref pos, path);
            if (chunkId > long.MaxValue || pos + bytes > payload.Length || !index.AppendEncoded((long)chunkId, payload.Slice(pos, bytes)))
                throw new TailorException($"The lexical index file {path} holds an invalid chunk record (chunk {chunkId}): {Fix}.");
            pos += bytes;
        }
        if (pos != payload.Length) throw new TailorException($"The lexical index file {path} has trailing bytes: {Fix}.");
        return index;
    }

    private static ulong ReadNumber(ReadOnlySpan<byte> payload, ref int pos, string path)
    {
        if (!Varint.TryRead(payload, ref pos, out ulong value))
            throw new TailorException($"The lexical index file {path} is malformed (bad number at byte {HeaderSize + pos}): run `tailor check --repair` to rebuild it, or delete it.");
        return value;
    }

    private static int ReadCount(ReadOnlySpan<byte> payload, ref int pos, string path)
    {
        ulong value = ReadNumber(payload, ref pos, path);
        if (value > (ulong)payload.Length) throw new TailorException($"The lexical index file {path} is malformed (impossible count {value}): run `tailor check --repair` to rebuild it, or delete it.");
        return (int)value;
    }

    private static string ReadString(ReadOnlySpan<byte> payload, ref int pos, string path)
    {
        int length = ReadCount(payload, ref pos, path);
        if (pos + length > payload.Length) throw new TailorException($"The lexical index file {path} is malformed (string past the end): run `tailor check --repair` to rebuild it, or delete it.");
        string s = Encoding.UTF8.GetString(payload.Slice(pos, length));
        pos += length;
        return s;
    }

    /// <summary>Buffers writes, checksumming each full block before it goes to the stream.</summary>
    private sealed class ChecksummedWriter(Stream stream)
    {
        public const int BlockSize = 1 << 16;
        private readonly byte[] _buffer = new byte[BlockSize];
        private int _count;
        private long _written;
        private BlockChecksum _checksum;

        public void WriteVarint(ulong value)
        {
            if (_count + Varint.MaxBytes > BlockSize)
            {
                // Near a block boundary: go through WriteBytes so blocks stay exactly BlockSize long.
                Span<byte> tmp = stackalloc byte[Varint.MaxBytes];
                int n = 0;
                Varint.Write(tmp, ref n, value);
                WriteBytes(tmp[..n]);
                return;
            }
            Varint.Write(_buffer, ref _count, value);
        }

        public void WriteUInt32(uint value)
        {
            Span<byte> bytes = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
            WriteBytes(bytes);
        }

        public void WriteString(string s)
        {
            var bytes = Encoding.UTF8.GetBytes(s);
            WriteVarint((ulong)bytes.Length);
            WriteBytes(bytes);
        }

        public void WriteBytes(ReadOnlySpan<byte> bytes)
        {
            while (bytes.Length > 0)
            {
                int n = Math.Min(bytes.Length, BlockSize - _count);
                bytes[..n].CopyTo(_buffer.AsSpan(_count));
                _count += n;
                bytes = bytes[n..];
                if (_count == BlockSize) FlushBlock();
            }
        }

        public (long Length, ulong Checksum) Finish()
        {
            if (_count > 0) FlushBlock();
            return (_written, _checksum.Value);
        }

        private void FlushBlock()
        {
            _checksum.Append(_buffer.AsSpan(0, _count));
            stream.Write(_buffer, 0, _count);
            _written += _count;
            _count = 0;
        }
    }
}
