namespace EsaBridge.Inputs.Tailing;

/// <summary>One <c>--input</c>: a directory plus a file-name pattern with <c>*</c> and <c>?</c> (e.g.
/// <c>/var/log/esa/mail.*</c>), and the appliance name for lines that carry none.</summary>
internal sealed record TailInput(string Glob, string? Host);
