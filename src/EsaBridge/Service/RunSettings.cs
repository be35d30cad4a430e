using EsaBridge.Core.Parsing;
using EsaBridge.Core.Sessions;
using EsaBridge.StateFiles;

namespace EsaBridge.Service;

/// <summary>Everything <c>esabridge run</c> was told, checked and typed.</summary>
/// <param name="SyslogTcpIdleTimeout">Null: idle TCP syslog connections are never closed.</param>
/// <param name="NetworkOutputs">The outputs over the network that were configured, in <see cref="Outputs.OutputRegistry"/>'s order.</param>
/// <param name="DegradedAfter">How long an output's oldest undelivered document may wait before <c>/health</c> calls the output degraded.</param>
internal sealed record RunSettings(
    IReadOnlyList<FileInputSettings> Files,
    IReadOnlyList<string> SyslogUdp,
    IReadOnlyList<string> SyslogTcp,
    int SyslogMaxMessageBytes,
    int SyslogTcpMaxConnections,
    int SyslogUdpReceiveBufferBytes,
    TimeSpan? SyslogTcpIdleTimeout,
    ParserOptions Parser,
    SessionizerOptions SessionizerOptions,
    string StateDirectory,
    long SpoolMaxBytes,
    IReadOnlyList<Outputs.IOutputSettings> NetworkOutputs,
    string? OutputFile,
    long OutputFileMaxBytes,
    int OutputFileKeep,
    string DeadLetterPath,
    string? Metrics,
    TimeSpan StatusInterval,
    TimeSpan DegradedAfter,
    TimeSpan PollInterval)
{
    /// <summary>Size of a spool segment file: the unit in which acknowledged documents are freed.</summary>
    public long SpoolSegmentBytes { get; init; } = 64L << 20;

    /// <summary>Shortest time between two log lines about the same kind of output failure.</summary>
    public TimeSpan TroubleLogInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Where the state directory's spool, checkpoint and cursors are written (a test can fill it up).</summary>
    public StateDisk Disk { get; init; } = StateDisk.Local;

    /// <summary>How often read positions, open sessions and the spool are committed together.</summary>
    public TimeSpan CommitInterval { get; init; } = TimeSpan.FromMilliseconds(250);
}

/// <summary>One <c>--input</c> glob and the appliance its lines come from.</summary>
internal sealed record FileInputSettings(string Glob, string? Host);
