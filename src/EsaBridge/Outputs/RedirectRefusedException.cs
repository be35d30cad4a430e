namespace EsaBridge.Outputs;

/// <summary>A redirect <see cref="NoRedirects"/> did not follow; the message names the target, credentials hidden.</summary>
internal sealed class RedirectRefusedException(string message) : HttpRequestException(message);
