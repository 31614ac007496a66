using System.Buffers;
using System.Text;

namespace Tailor.Evaluation.Datasets;

/// <summary>
/// Streams a text file line by line as strictly decoded UTF-8 strings, keeping 1-based line
/// numbers exact (a decoding error names the line it is on). Strips a leading BOM and a
/// trailing carriage return.
/// </summary>
internal sealed class LineReader : IDisposable
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly Stream _stream;
    private readonly string _fileName;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
    private int _start;
    private int _end;
    private bool _eof;

    public LineReader(string path)
    {
        _fileName = Path.GetFileName(path);
        try
        {
            _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new TailorException($"cannot read {path}: {ex.Message}; check that the file exists and is readable.", ex);
        }
    }

    /// <summary>Number of the line last returned (1-based).</summary>
    public int LineNumber { get; private set; }

    /// <summary>Reads the next line, or returns false at the end of the file.</summary>
    public bool TryReadLine(out string line)
    {
        while (true)
        {
            int nl = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (nl >= 0)
            {
                line = Decode(_buffer.AsSpan(_start, nl));
                _start += nl + 1;
                return true;
            }
            if (_eof)
            {
                if (_start == _end) { line = ""; return false; }
                line = Decode(_buffer.AsSpan(_start, _end - _start));
                _start = _end;
                return true;
            }
            Fill();
        }
    }

    private void Fill()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            _buffer.AsSpan(0, _end).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }
        int read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0) _eof = true;
        _end += read;
    }

    private string Decode(ReadOnlySpan<byte> bytes)
    {
        LineNumber++;
        if (LineNumber == 1 && bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) bytes = bytes[3..];
        if (!bytes.IsEmpty && bytes[^1] == (byte)'\r') bytes = bytes[..^1];
        try
        {
            return Strict.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new TailorException($"{_fileName} line {LineNumber}: not valid UTF-8; save the file as UTF-8.");
        }
    }

    public void Dispose()
    {
        _stream.Dispose();
        if (_buffer.Length > 0) ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}
