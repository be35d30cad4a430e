using EsaBridge.Core.Parsing;
using EsaBridge.Core.Sessions;
using EsaBridge.Delivery;
using EsaBridge.Outputs.Splunk;
using EsaBridge.StateFiles;

namespace EsaBridge.Service;

/// <summary>Everything <c>esabridge run</c> was told, checked and typed.</summary>
internal sealed record RunSettings
{
    public required IReadOnlyList<FileInputSettings> Files { get; init; }

    public IReadOnlyList<string> SyslogUdp { get; init; } = [];

    public IReadOnlyList<string> SyslogTcp { get; init; } = [];

    public int SyslogMaxMessageBytes { get; init; } = 64 << 10;

    public int SyslogTcpMaxConnections { get; init; } = 256;

    public int SyslogUdpReceiveBufferBytes { get; init; } = 16 << 20;

    /// <summary>Null: idle TCP syslog connections are never closed.</summary>
    public TimeSpan? SyslogTcpIdleTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public required ParserOptions Parser { get; init; }

    public required SessionizerOptions SessionizerOptions { get; init; }

    public required string StateDirectory { get; init; }

    public long SpoolMaxBytes { get; init; } = 1L << 30;

    /// <summary>Size of a spool segment file: the unit in which acknowledged documents are freed.</summary>
    public long SpoolSegmentBytes { get; init; } = 64L << 20;

    /// <summary>The outputs over the network that were configured, in <see cref="Outputs.OutputRegistry"/>'s order.</summary>
    public IReadOnlyList<Outputs.IOutputSettings> NetworkOutputs { get; init; } = [];

    public string? OutputFile { get; init; }

    public long OutputFileMaxBytes { get; init; } = 100L << 20;

    public int OutputFileKeep { get; init; } = 5;

    public required string DeadLetterPath { get; init; }

    public string? Metrics { get; init; }

    public TimeSpan StatusInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an output's oldest undelivered document may wait before <c>/health</c> calls the output degraded.</summary>
    public TimeSpan DegradedAfter { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Shortest time between two log lines about the same kind of output failure.</summary>
    public TimeSpan TroubleLogInterval { get; init; } = TimeSpan.FromMinutes(1);

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Where the state directory's spool, checkpoint and cursors are written (a test can fill it up).</summary>
    public StateDisk Disk { get; init; } = StateDisk.Local;

    /// <summary>How often read positions, open sessions and the spool are committed together.</summary>
    public TimeSpan CommitInterval { get; init; } = TimeSpan.FromMilliseconds(250);
}

/// <summary>One <c>--input</c> glob and the appliance its lines come from.</summary>
internal sealed record FileInputSettings(string Glob, string? Host);
