using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Tailor.Vectors;

/// <summary>CPU time consumed by the calling thread (Linux: CLOCK_THREAD_CPUTIME_ID; elsewhere the process's CPU time).
/// Benchmarks report it beside wall time because on a shared machine wall time also counts other processes.</summary>
internal static partial class ThreadCpuClock
{
    private const int ClockThreadCpuTimeId = 3;

    public static double Seconds
    {
        get
        {
            if (OperatingSystem.IsLinux())
            {
                try
                {
                    if (ClockGetTime(ClockThreadCpuTimeId, out var ts) == 0) return ts.Seconds + ts.Nanoseconds * 1e-9;
                }
                catch (DllNotFoundException)
                {
                }
                catch (EntryPointNotFoundException)
                {
                }
            }
            return Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);
}
