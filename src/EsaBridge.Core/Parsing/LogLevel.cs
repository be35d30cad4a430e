namespace EsaBridge.Core.Parsing;

public enum LogLevel : byte
{
    None,
    Info,
    Warning,
    Critical,
    Debug,
    Trace,
}
