namespace EsaBridge.Core.Parsing;

/// <summary>
/// One line, typed. Text fields are ranges into the line's bytes; the meaning of each field depends on
/// <see cref="Kind"/> (see <see cref="LineKind"/>).
/// </summary>
public struct ParsedLine
{
    public LineKind Kind;
    public LogLevel Level;

    /// <summary>True when the line carried a timestamp; headerless lines take the previous line's time.</summary>
    public bool HasTime;

    /// <summary>True when <see cref="Seconds"/> is already UTC (RFC 5424 headers carry their offset).</summary>
    public bool TimeIsUtc;

    /// <summary>Seconds since 1970-01-01 of the wall-clock time written on the line (local unless TimeIsUtc).</summary>
    public long Seconds;

    /// <summary>The syslog header's host (the appliance), empty for file-form lines.</summary>
    public TextRange Host;

    public long Mid;
    public long Icid;
    public long Number;
    public bool Flag;
    public Derivation Derivation;
    public TextRange Text1;
    public TextRange Text2;
    public TextRange Text3;
    public TextRange Text4;
}
