namespace EsaBridge.Setup;

/// <summary>The server refused an asset; the message carries its reason.</summary>
internal sealed class SetupException(string message) : Exception(message);
