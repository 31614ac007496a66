using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Tailor.Testing;

/// <summary>Sends Unix signals to child processes (what Ctrl+C at a terminal does).</summary>
public static partial class Signals
{
    private const int SigInt = 2;

    /// <summary>Sends SIGINT to <paramref name="process"/>.</summary>
    public static void Interrupt(Process process)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
            throw new PlatformNotSupportedException("SIGINT can only be sent on Unix");
        if (Kill(process.Id, SigInt) != 0)
            throw new InvalidOperationException($"kill({process.Id}, SIGINT) failed with errno {Marshal.GetLastPInvokeError()}");
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
