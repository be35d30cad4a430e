using System.Runtime.InteropServices;

namespace EsaBridge.Bench.Commands;

/// <summary>
/// CPU time (user + system) of this process and of its finished children, from <c>getrusage</c>: the child figure
/// grows only when a child is reaped, so a difference around one waited-for process is that process's CPU time.
/// </summary>
internal static partial class CpuTime
{
    private const int Self = 0;
    private const int Children = -1;

    public static TimeSpan OfSelf() => Read(Self);

    public static TimeSpan OfReapedChildren() => Read(Children);

    private static TimeSpan Read(int who)
    {
        if (!OperatingSystem.IsLinux() || GetRUsage(who, out var usage) != 0)
        {
            return who == Self ? Environment.CpuUsage.TotalTime : TimeSpan.Zero;
        }

        return usage.User.ToTimeSpan() + usage.System.ToTimeSpan();
    }

    [LibraryImport("libc", EntryPoint = "getrusage")]
    private static partial int GetRUsage(int who, out RUsage usage);

    [StructLayout(LayoutKind.Sequential)]
    private readonly struct TimeVal
    {
        private readonly long _seconds;
        private readonly long _microseconds;

        public TimeSpan ToTimeSpan() => TimeSpan.FromSeconds(_seconds) + TimeSpan.FromMicroseconds(_microseconds);
    }

    [StructLayout(LayoutKind.Sequential)]
    private readonly struct RUsage
    {
        public readonly TimeVal User;
        public readonly TimeVal System;
        private readonly long _maxRss;
        private readonly long _ixRss;
        private readonly long _idRss;
        private readonly long _isRss;
        private readonly long _minFlt;
        private readonly long _majFlt;
        private readonly long _nSwap;
        private readonly long _inBlock;
        private readonly long _ouBlock;
        private readonly long _msgSnd;
        private readonly long _msgRcv;
        private readonly long _nSignals;
        private readonly long _nvCsw;
        private readonly long _nivCsw;
    }
}
