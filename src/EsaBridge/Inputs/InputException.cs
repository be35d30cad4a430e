namespace EsaBridge.Inputs;

/// <summary>An input that cannot be read; the CLI prints its message on one line and exits 1.</summary>
internal sealed class InputException(string message) : Exception(message);
