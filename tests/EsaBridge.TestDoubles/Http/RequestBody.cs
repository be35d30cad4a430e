using System.IO.Compression;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace EsaBridge.Tests.TestDoubles.Http;

/// <summary>A request body as the server sees it after undoing <c>Content-Encoding</c> (gzip or deflate).</summary>
internal sealed class RequestBody
{
    private RequestBody(byte[] bytes, bool undecodable)
    {
        Bytes = bytes;
        Undecodable = undecodable;
    }

    /// <summary>The decompressed bytes (empty when there was no body or it could not be decoded).</summary>
    public byte[] Bytes { get; }

    /// <summary>The body claimed a compression it did not have.</summary>
    public bool Undecodable { get; }

    public long Length => Bytes.LongLength;

    public string Text => Encoding.UTF8.GetString(Bytes);

    public static async Task<RequestBody> ReadAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        try
        {
            switch (request.Headers.ContentEncoding.ToString().Trim().ToUpperInvariant())
            {
                case "GZIP" or "X-GZIP":
                    await using (var gzip = new GZipStream(request.Body, CompressionMode.Decompress, leaveOpen: true))
                    {
                        await gzip.CopyToAsync(buffer).ConfigureAwait(false);
                    }

                    break;
                case "DEFLATE":
                    await using (var zlib = new ZLibStream(request.Body, CompressionMode.Decompress, leaveOpen: true))
                    {
                        await zlib.CopyToAsync(buffer).ConfigureAwait(false);
                    }

                    break;
                default:
                    await request.Body.CopyToAsync(buffer).ConfigureAwait(false);
                    break;
            }
        }
        catch (InvalidDataException)
        {
            await request.Body.CopyToAsync(Stream.Null).ConfigureAwait(false);
            return new RequestBody([], undecodable: true);
        }

        return new RequestBody(buffer.ToArray(), undecodable: false);
    }
}
