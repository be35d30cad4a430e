namespace EsaBridge.Core.Parsing;

public sealed record ParserOptions
{
    /// <summary>Year for syslog lines without one; null infers it from <see cref="ReferenceDate"/>.</summary>
    public int? Year { get; init; }

    /// <summary>"Today" for year inference. The core has no clock: the program passes it in.</summary>
    public DateOnly ReferenceDate { get; init; } = new(2026, 1, 1);

    /// <summary>Lines longer than this many bytes are malformed.</summary>
    public int MaxLineBytes { get; init; } = 64 * 1024;
}
