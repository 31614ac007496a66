using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using Tailor.Storage;

namespace Tailor.Vectors;

/// <summary>
/// The on-disk envelope of a vector index: a 32-byte header (8-byte magic, format version, payload
/// length, CRC-32C of the payload) followed by the payload, written atomically and read in bulk
/// straight into the index's arrays.
/// </summary>
internal static class IndexFile
{
    public const int HeaderSize = 32;

    public static void Write(string path, string magic, int version, Action<IndexFileWriter> writePayload)
    {
        if (!BitConverter.IsLittleEndian) throw new TailorException("Vector index files are little-endian; this machine is not supported.");
        AtomicFile.Write(path, stream =>
        {
            stream.Write(new byte[HeaderSize]);
            var writer = new IndexFileWriter(stream);
            writePayload(writer);
            Span<byte> header = stackalloc byte[HeaderSize];
            header.Clear();
            Encoding.ASCII.GetBytes(magic, header[..8]);
            BinaryPrimitives.WriteInt32LittleEndian(header[8..], version);
            BinaryPrimitives.WriteInt64LittleEndian(header[16..], writer.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(header[24..], writer.Crc);
            stream.Position = 0;
            stream.Write(header);
            stream.Position = stream.Length;
        });
    }

    public static IndexFileReader Open(string path, string magic, int version, string what)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new TailorException($"Cannot open {what} file '{path}': {ex.Message}. Check the path, or rebuild the index from the knowledge base.", ex);
        }
        try
        {
            Span<byte> header = stackalloc byte[HeaderSize];
            if (stream.Length < HeaderSize || stream.ReadAtLeast(header, HeaderSize, throwOnEndOfStream: false) < HeaderSize)
                throw Damaged(path, what, "it is shorter than its header");
            if (Encoding.ASCII.GetString(header[..8]) != magic)
                throw new TailorException($"'{path}' is not a {what} file (wrong magic bytes). Pass the right file, or rebuild the index from the knowledge base.");
            int fileVersion = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
            if (fileVersion != version)
                throw new TailorException($"{what} file '{path}' has format version {fileVersion}; this build reads version {version}. Rebuild the index from the knowledge base.");
            long length = BinaryPrimitives.ReadInt64LittleEndian(header[16..]);
            uint crc = BinaryPrimitives.ReadUInt32LittleEndian(header[24..]);
            if (length < 0 || length != stream.Length - HeaderSize)
                throw Damaged(path, what, $"its payload should be {length} bytes but the file holds {stream.Length - HeaderSize}");
            return new IndexFileReader(stream, path, what, length, crc);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    public static TailorException Damaged(string path, string what, string detail)
        => new($"{what} file '{path}' is damaged ({detail}). Delete it and rebuild the index from the knowledge base.");
}
