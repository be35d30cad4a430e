using EsaBridge.Tests.TestDoubles.Http;

namespace EsaBridge.Tests.TestDoubles.Elasticsearch;

/// <summary>
/// Whole-request failure answers as they really arrive: Elasticsearch's own JSON for 401, 403, 429, 500 and 503, a
/// reverse proxy's HTML page (without <c>X-Elastic-Product</c>) for 502 and 504, an empty body for 413.
/// </summary>
internal static class FaultAnswers
{
    public static EsAnswer For(int status, string requestTarget) => status switch
    {
        401 => SecurityErrors.Unauthorized(CredentialVerdict.Missing, requestTarget, user: null),
        403 => EsErrors.Answer(403, "security_exception", "action [indices:data/write/bulk] is unauthorized for API key id [esabridge] of user [esabridge], this action is granted by the index privileges [create_doc,create,index,write,all]"),
        413 => EsAnswer.Empty(413),
        429 => EsErrors.Answer(429, "es_rejected_execution_exception", "rejected execution of coordinating operation [coordinating_and_primary_bytes=104857600, replica_bytes=0, all_bytes=104857600, coordinating_operation_bytes=5242880, max_coordinating_and_primary_bytes=107374182]"),
        500 => EsErrors.Answer(500, "illegal_state_exception", "failure injected by the test double"),
        502 => EsAnswer.Proxy(502, ProxyPage("502 Bad Gateway")),
        503 => EsErrors.Answer(503, "cluster_block_exception", "blocked by: [SERVICE_UNAVAILABLE/2/no master];"),
        504 => EsAnswer.Proxy(504, ProxyPage("504 Gateway Time-out")),
        _ => EsErrors.Answer(status, "status_exception", "failure injected by the test double"),
    };

    private static string ProxyPage(string title) =>
        $"<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n<center><h1>{title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
}
