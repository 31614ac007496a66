using System.IO.Compression;
using DocumentFormat.OpenXml.Packaging;

namespace Tailor.Extraction;

/// <summary>
/// Opening an Office Open XML package (docx, xlsx, pptx) safely: the bytes must be a ZIP archive,
/// its parts may not unpack to more than <see cref="MaxUnpackedBytes"/> (a ZIP bomb is refused),
/// and damage or encryption becomes a <see cref="TailorException"/> naming the file.
/// </summary>
internal static class OfficePackage
{
    /// <summary>The most the parts of one package may unpack to.</summary>
    public const long MaxUnpackedBytes = 512L * 1024 * 1024;

    public static ExtractionResult Read(string sourceName, string kind, ReadOnlyMemory<byte> content, Func<Stream, ExtractionResult> read)
    {
        var span = content.Span;
        // an encrypted Office file is an OLE compound file (D0 CF 11 E0), not a ZIP
        if (span.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0]))
            throw new TailorException($"{sourceName}: the {kind} is encrypted (password protected) or in the old binary format; save an unprotected copy in the current format (.docx, .xlsx, .pptx) or exclude it with --exclude");
        if (!span.StartsWith("PK"u8))
            throw new TailorException($"{sourceName}: not a valid {kind} (not a ZIP package); re-save it or exclude it with --exclude");
        try
        {
            var bytes = content.ToArray();
            using (var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read))
            {
                long total = 0;
                foreach (var entry in zip.Entries) total += entry.Length;
                if (total > MaxUnpackedBytes)
                    throw new TailorException($"{sourceName}: the {kind} unpacks to {total / (1024 * 1024)} MB, over the {MaxUnpackedBytes / (1024 * 1024)} MB limit; split it or exclude it with --exclude");
            }
            using var stream = new MemoryStream(bytes, writable: false);
            return read(stream);
        }
        catch (Exception ex) when (ex is InvalidDataException or OpenXmlPackageException or FileFormatException or System.Xml.XmlException or InvalidOperationException or IOException)
        {
            throw new TailorException($"{sourceName}: damaged {kind}, cannot be read ({ex.Message}); repair or re-save it, or exclude it with --exclude");
        }
    }
}
