namespace Tailor.Storage;

/// <summary>
/// One writer per knowledge base: an exclusive lock on <c>.lock</c> in its folder, held while ingesting
/// or deleting. The operating system releases it when the process dies, so a crash never leaves it stuck.
/// </summary>
public sealed class WriterLock : IDisposable
{
    private readonly FileStream _stream;

    private WriterLock(FileStream stream) => _stream = stream;

    public static WriterLock Acquire(string directory, TimeSpan wait)
    {
        var path = Path.Combine(directory, ".lock");
        var deadline = DateTime.UtcNow + wait;
        while (true)
        {
            try
            {
                return new WriterLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(100);
            }
            catch (IOException)
            {
                throw new TailorException($"{directory}: another Tailor process is writing to this knowledge base; wait for it to finish and try again.", TailorErrorKind.Busy);
            }
        }
    }

    public static bool TryAcquire(string directory, out WriterLock? writerLock)
    {
        try
        {
            writerLock = new WriterLock(new FileStream(Path.Combine(directory, ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            return true;
        }
        catch (IOException)
        {
            writerLock = null;
            return false;
        }
    }

    public void Dispose() => _stream.Dispose();
}
