using System.Globalization;
using System.Text;

namespace EsaBridge.Service;

/// <summary>An HTTP response of the metrics server: a status, a content type and a text body, sent whole and closed.</summary>
internal sealed record Reply(int Status, string ContentType, string Body)
{
    public byte[] Bytes(bool withBody)
    {
        byte[] body = Encoding.UTF8.GetBytes(Body);
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {Status} {Reason(Status)}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Type: {ContentType}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n");
        if (Status == 405)
        {
            head.Append("Allow: GET, HEAD\r\n");
        }

        head.Append("Connection: close\r\n\r\n");
        byte[] headBytes = Encoding.ASCII.GetBytes(head.ToString());
        return withBody ? [.. headBytes, .. body] : headBytes;
    }

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    };
}
