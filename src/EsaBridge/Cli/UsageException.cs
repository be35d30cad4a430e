namespace EsaBridge.Cli;

/// <summary>A bad flag or value; the CLI prints its message on one line and exits 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
