using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace EsaBridge.Tests.TestDoubles.Http;

/// <summary>A request body as the server sees it after undoing <c>Content-Encoding</c> (gzip or deflate).</summary>
internal sealed class RequestBody
{
    /// <summary>Deflate cannot expand data by more than about 1032:1; a gzip trailer claiming more is not believed.</summary>
    private const long MaxInflation = 1032;

    private const int PieceSize = 256 * 1024;

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

    /// <summary>Reads the whole body into one array of its exact size (bulk bodies are large and kept by the double).</summary>
    public static async Task<RequestBody> ReadAsync(HttpRequest request)
    {
        byte[] raw = await ReadRawAsync(request).ConfigureAwait(false);
        try
        {
            return new RequestBody(Decode(request.Headers.ContentEncoding.ToString(), raw), undecodable: false);
        }
        catch (InvalidDataException)
        {
            return new RequestBody([], undecodable: true);
        }
    }

    private static byte[] Decode(string contentEncoding, byte[] raw) => contentEncoding.Trim().ToUpperInvariant() switch
    {
        "GZIP" or "X-GZIP" => Gunzip(raw),
        "DEFLATE" => Inflate(new ZLibStream(new MemoryStream(raw), CompressionMode.Decompress)),
        _ => raw,
    };

    private static async Task<byte[]> ReadRawAsync(HttpRequest request)
    {
        if (request.ContentLength is long length and <= int.MaxValue)
        {
            byte[] exact = new byte[length];
            int read = await request.Body.ReadAtLeastAsync(exact, exact.Length, throwOnEndOfStream: false).ConfigureAwait(false);
            return read == exact.Length ? exact : exact[..read];
        }

        // Chunked: pooled pieces while it arrives, then one array of the final size (no doubling copies).
        var pieces = new List<(byte[] Piece, int Filled)>();
        try
        {
            int total = 0;
            while (true)
            {
                byte[] piece = ArrayPool<byte>.Shared.Rent(PieceSize);
                int filled = await request.Body.ReadAtLeastAsync(piece, piece.Length, throwOnEndOfStream: false).ConfigureAwait(false);
                pieces.Add((piece, filled));
                total = checked(total + filled);
                if (filled < piece.Length)
                {
                    break;
                }
            }

            byte[] whole = new byte[total];
            int at = 0;
            foreach (var (piece, filled) in pieces)
            {
                piece.AsSpan(0, filled).CopyTo(whole.AsSpan(at));
                at += filled;
            }

            return whole;
        }
        finally
        {
            foreach (var (piece, _) in pieces)
            {
                ArrayPool<byte>.Shared.Return(piece);
            }
        }
    }

    /// <summary>
    /// Decompresses straight into an array of the size the gzip trailer announces (ISIZE, the length modulo 2^32); when
    /// the data turns out longer (several members, a wrong trailer), the rest is read the slow way.
    /// </summary>
    private static byte[] Gunzip(byte[] raw)
    {
        long announced = raw.Length >= 18 ? BinaryPrimitives.ReadUInt32LittleEndian(raw.AsSpan(raw.Length - 4)) : 0;
        if (announced == 0 || announced > Array.MaxLength || announced > raw.Length * MaxInflation)
        {
            return Inflate(new GZipStream(new MemoryStream(raw), CompressionMode.Decompress));
        }

        using var gzip = new GZipStream(new MemoryStream(raw), CompressionMode.Decompress);
        byte[] exact = new byte[announced];
        int read = gzip.ReadAtLeast(exact, exact.Length, throwOnEndOfStream: false);
        if (read < exact.Length)
        {
            return exact[..read];
        }

        using var rest = new MemoryStream();
        gzip.CopyTo(rest);
        return rest.Length == 0 ? exact : [.. exact, .. rest.ToArray()];
    }

    private static byte[] Inflate(Stream decompressing)
    {
        using (decompressing)
        {
            using var buffer = new MemoryStream();
            decompressing.CopyTo(buffer);
            return buffer.ToArray();
        }
    }
}
