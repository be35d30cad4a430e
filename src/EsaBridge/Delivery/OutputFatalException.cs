namespace EsaBridge.Delivery;

/// <summary>The server refused us for good (401, 403): stop at once and say why, in the server's words.</summary>
internal sealed class OutputFatalException(string message) : Exception(message);
