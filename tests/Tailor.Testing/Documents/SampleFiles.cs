using System.IO.Compression;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;
using A = DocumentFormat.OpenXml.Drawing;
using P = DocumentFormat.OpenXml.Presentation;
using S = DocumentFormat.OpenXml.Spreadsheet;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace Tailor.Testing.Documents;

/// <summary>
/// Real PDF, Word, Excel and PowerPoint files written with the same libraries Tailor reads them
/// with (PdfPig's builder, the Open XML SDK), for extraction and end-to-end tests.
/// </summary>
public static class SampleFiles
{
    /// <summary>One PDF page: an optional heading (set in 20 pt), paragraphs (11 pt, one line each), optional table rows (cells in columns), optional image only.</summary>
    public sealed record PdfPage(string? Heading, IReadOnlyList<string> Lines, IReadOnlyList<string[]>? Table = null, bool ImageOnly = false);

    public static byte[] Pdf(string? title, params PdfPage[] pages)
    {
        using var builder = new PdfDocumentBuilder();
        if (title is not null) builder.DocumentInformation.Title = title;
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        var bold = builder.AddStandard14Font(Standard14Font.HelveticaBold);
        foreach (var spec in pages)
        {
            var page = builder.AddPage(PageSize.A4);
            if (spec.ImageOnly)
            {
                page.AddPng(Png(8, 8), new PdfRectangle(50, 50, 500, 700));
                continue;
            }
            double y = 780;
            if (spec.Heading is not null)
            {
                page.AddText(spec.Heading, 20, new PdfPoint(50, y), bold);
                y -= 36;
            }
            foreach (var line in spec.Lines)
            {
                page.AddText(line, 11, new PdfPoint(50, y), font);
                y -= 14;
            }
            if (spec.Table is { } rows)
            {
                y -= 20;
                foreach (var row in rows)
                {
                    for (int c = 0; c < row.Length; c++) page.AddText(row[c], 11, new PdfPoint(50 + c * 150, y), font);
                    y -= 16;
                }
            }
        }
        return builder.Build();
    }

    /// <summary>A Word document: (style, text) paragraphs — style "Heading1".."Heading6", "Title", "List" (a numbered item) or "" — and an optional table.</summary>
    public static byte[] Docx(string? title, IEnumerable<(string Style, string Text)> paragraphs, string[][]? table = null)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            var styles = main.AddNewPart<StyleDefinitionsPart>();
            styles.Styles = new W.Styles(
                Enumerable.Range(1, 6).Select(n => new W.Style(new W.StyleName { Val = "heading " + n }) { Type = W.StyleValues.Paragraph, StyleId = "Heading" + n })
                    .Append(new W.Style(new W.StyleName { Val = "Title" }) { Type = W.StyleValues.Paragraph, StyleId = "Title" }));
            var body = new W.Body();
            foreach (var (style, text) in paragraphs)
            {
                var properties = new W.ParagraphProperties();
                if (style == "List") properties.Append(new W.NumberingProperties(new W.NumberingLevelReference { Val = 0 }, new W.NumberingId { Val = 1 }));
                else if (style.Length > 0) properties.Append(new W.ParagraphStyleId { Val = style });
                body.Append(new W.Paragraph(properties, new W.Run(new W.Text(text) { Space = SpaceProcessingModeValues.Preserve })));
            }
            if (table is not null)
                body.Append(new W.Table(table.Select(row => new W.TableRow(row.Select(cell => new W.TableCell(new W.Paragraph(new W.Run(new W.Text(cell))))).ToArray()))));
            main.Document = new W.Document(body);
            if (title is not null) document.PackageProperties.Title = title;
        }
        return stream.ToArray();
    }

    /// <summary>An Excel workbook: per sheet its name and rows (strings; numbers are written as numbers).</summary>
    public static byte[] Xlsx(params (string Name, string[][] Rows)[] sheets)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new S.Workbook();
            var sheetList = workbook.Workbook.AppendChild(new S.Sheets());
            var sharedPart = workbook.AddNewPart<SharedStringTablePart>();
            sharedPart.SharedStringTable = new S.SharedStringTable();
            var shared = new List<string>();
            uint id = 1;
            foreach (var (name, rows) in sheets)
            {
                var part = workbook.AddNewPart<WorksheetPart>();
                var data = new S.SheetData();
                for (int r = 0; r < rows.Length; r++)
                {
                    var row = new S.Row { RowIndex = (uint)(r + 1) };
                    for (int c = 0; c < rows[r].Length; c++)
                    {
                        string value = rows[r][c];
                        string reference = ((char)('A' + c)).ToString() + (r + 1);
                        if (double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _))
                        {
                            row.Append(new S.Cell { CellReference = reference, CellValue = new S.CellValue(value) });
                        }
                        else
                        {
                            int index = shared.IndexOf(value);
                            if (index < 0) { shared.Add(value); index = shared.Count - 1; sharedPart.SharedStringTable.Append(new S.SharedStringItem(new S.Text(value))); }
                            row.Append(new S.Cell { CellReference = reference, DataType = S.CellValues.SharedString, CellValue = new S.CellValue(index.ToString(System.Globalization.CultureInfo.InvariantCulture)) });
                        }
                    }
                    data.Append(row);
                }
                part.Worksheet = new S.Worksheet(data);
                sheetList.Append(new S.Sheet { Name = name, SheetId = id++, Id = workbook.GetIdOfPart(part) });
            }
        }
        return stream.ToArray();
    }

    /// <summary>A PowerPoint deck: per slide its title, bullet lines and speaker notes (may be null).</summary>
    public static byte[] Pptx(params (string Title, string[] Bullets, string? Notes)[] slides)
    {
        using var stream = new MemoryStream();
        using (var document = PresentationDocument.Create(stream, PresentationDocumentType.Presentation))
        {
            var presentation = document.AddPresentationPart();
            presentation.Presentation = new P.Presentation();
            var master = presentation.AddNewPart<SlideMasterPart>();
            var layout = master.AddNewPart<SlideLayoutPart>();
            layout.SlideLayout = new P.SlideLayout(new P.CommonSlideData(new P.ShapeTree(GroupProperties())));
            master.SlideMaster = new P.SlideMaster(new P.CommonSlideData(new P.ShapeTree(GroupProperties())),
                new P.SlideLayoutIdList(new P.SlideLayoutId { Id = 2147483649U, RelationshipId = master.GetIdOfPart(layout) }));
            presentation.Presentation.SlideMasterIdList = new P.SlideMasterIdList(new P.SlideMasterId { Id = 2147483648U, RelationshipId = presentation.GetIdOfPart(master) });
            var ids = new P.SlideIdList();
            uint slideId = 256;
            foreach (var (title, bullets, notes) in slides)
            {
                var part = presentation.AddNewPart<SlidePart>();
                part.AddPart(layout);
                part.Slide = new P.Slide(new P.CommonSlideData(new P.ShapeTree(
                    [.. GroupProperties(), TextShape(2, P.PlaceholderValues.Title, [title]), TextShape(3, P.PlaceholderValues.Body, bullets)])));
                if (notes is not null)
                {
                    var notesPart = part.AddNewPart<NotesSlidePart>();
                    notesPart.NotesSlide = new P.NotesSlide(new P.CommonSlideData(new P.ShapeTree([.. GroupProperties(), TextShape(2, P.PlaceholderValues.Body, [notes])])));
                }
                ids.Append(new P.SlideId { Id = slideId++, RelationshipId = presentation.GetIdOfPart(part) });
            }
            presentation.Presentation.SlideIdList = ids;
            presentation.Presentation.SlideSize = new P.SlideSize { Cx = 9144000, Cy = 6858000 };
            presentation.Presentation.NotesSize = new P.NotesSize { Cx = 6858000, Cy = 9144000 };
        }
        return stream.ToArray();
    }

    private static OpenXmlElement[] GroupProperties() =>
    [
        new P.NonVisualGroupShapeProperties(new P.NonVisualDrawingProperties { Id = 1, Name = "" }, new P.NonVisualGroupShapeDrawingProperties(), new P.ApplicationNonVisualDrawingProperties()),
        new P.GroupShapeProperties(new A.TransformGroup()),
    ];

    private static P.Shape TextShape(uint id, P.PlaceholderValues placeholder, string[] lines) =>
        new(new P.NonVisualShapeProperties(
                new P.NonVisualDrawingProperties { Id = id, Name = placeholder.ToString() },
                new P.NonVisualShapeDrawingProperties(),
                new P.ApplicationNonVisualDrawingProperties(new P.PlaceholderShape { Type = placeholder })),
            new P.ShapeProperties(),
            new P.TextBody([new A.BodyProperties(), new A.ListStyle(),
                .. lines.Length == 0 ? [new A.Paragraph()] : lines.Select(l => new A.Paragraph(new A.Run(new A.Text(l))))]));

    /// <summary>A grey square PNG of the given size (a "scanned" page holds only such an image).</summary>
    public static byte[] Png(int width, int height)
    {
        var raw = new MemoryStream();
        for (int y = 0; y < height; y++)
        {
            raw.WriteByte(0);
            for (int x = 0; x < width; x++) { raw.WriteByte(128); raw.WriteByte(128); raw.WriteByte(128); }
        }
        var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true)) raw.WriteTo(z);
        var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header, width);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; header[9] = 2;
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", compressed.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        var length = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        var typed = System.Text.Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typed);
        var crc = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typed));
        png.Write(crc);
    }

    private static uint Crc32(byte[] bytes)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in bytes)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
        }
        return ~crc;
    }
}
