namespace EsaBridge.Delivery;

/// <summary>The server refused us for good (401, 403, a certificate): stop at once and say why, in the server's words.</summary>
/// <param name="authentication">Refused credentials (401, 403, HEC's token codes), not another permanent refusal.</param>
internal sealed class OutputFatalException(string message, bool authentication = false) : Exception(message)
{
    public bool Authentication => authentication;
}
