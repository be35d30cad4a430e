using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace EsaBridge.Tests.TestDoubles.Http;

/// <summary>A request body as the server sees it after undoing <c>Content-Encoding</c> (gzip or deflate).</summary>
internal sealed class RequestBody : IDisposable
{
    /// <summary>Deflate cannot expand data by more than about 1032:1; a gzip trailer claiming more is not believed.</summary>
    private const long MaxInflation = 1032;

    private const int PieceSize = 256 * 1024;

    /// <summary>Buffers that decompressed bodies are read in while they are handled (warm memory, reused request after request).</summary>
    private static readonly ArrayPool<byte> Decoded = ArrayPool<byte>.Create(maxArrayLength: 128 << 20, maxArraysPerBucket: 4);

    private readonly byte[]? _exact;
    private byte[]? _pooled;

    private RequestBody(byte[] exact, bool undecodable)
    {
        _exact = exact;
        Memory = exact;
        Kept = exact;
        Undecodable = undecodable;
    }

    private RequestBody(byte[] pooled, int length, ReadOnlyMemory<byte> kept)
    {
        _pooled = pooled;
        Memory = pooled.AsMemory(0, length);
        Kept = kept;
    }

    /// <summary>
    /// The decompressed bytes (empty when there was no body or it could not be decoded). For a body read with
    /// <see cref="ReadPooledAsync"/>, valid only until <see cref="Dispose"/>: keep <see cref="Kept"/> instead.
    /// </summary>
    public ReadOnlyMemory<byte> Memory { get; }

    /// <summary>The same bytes, to keep after the request (stored documents, the request log).</summary>
    public ReadOnlyMemory<byte> Kept { get; }

    /// <summary>The decompressed bytes as an array of their own size.</summary>
    public byte[] Bytes => _exact ?? Memory.ToArray();

    /// <summary>The body claimed a compression it did not have.</summary>
    public bool Undecodable { get; }

    public long Length => Memory.Length;

    public string Text => Encoding.UTF8.GetString(Memory.Span);

    /// <summary>Reads the whole body into one array of its exact size.</summary>
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

    /// <summary>
    /// Reads the whole body; a gzipped one is decompressed into a pooled buffer for handling, and kept as received,
    /// to be decompressed again only if it is read after the request (bulk bodies are large: the double stores their
    /// documents, and writing every body to fresh memory cost several times what decompressing it does).
    /// </summary>
    public static async Task<RequestBody> ReadPooledAsync(HttpRequest request)
    {
        byte[] raw = await ReadRawAsync(request).ConfigureAwait(false);
        string encoding = request.Headers.ContentEncoding.ToString();
        try
        {
            if (IsGzip(encoding) && GunzipPooled(raw) is var (pooled, length))
            {
                return new RequestBody(pooled, length, new DecodedOnRead(raw, length, Gunzip).Memory);
            }

            return new RequestBody(Decode(encoding, raw), undecodable: false);
        }
        catch (InvalidDataException)
        {
            return new RequestBody([], undecodable: true);
        }
    }

    /// <summary>Gives a pooled buffer back; <see cref="Memory"/> must not be read afterwards.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _pooled, null) is { } pooled)
        {
            Decoded.Return(pooled);
        }
    }

    private static bool IsGzip(string contentEncoding) => contentEncoding.Trim().ToUpperInvariant() is "GZIP" or "X-GZIP";

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

    /// <summary>
    /// What <see cref="Gunzip"/> gives, decompressed into a pooled buffer of the size the trailer announces; null (and
    /// nothing rented) when that size is not believable or the data turns out longer, for <see cref="Gunzip"/> to read.
    /// </summary>
    private static (byte[] Pooled, int Length)? GunzipPooled(byte[] raw)
    {
        long announced = raw.Length >= 18 ? BinaryPrimitives.ReadUInt32LittleEndian(raw.AsSpan(raw.Length - 4)) : 0;
        if (announced == 0 || announced > Array.MaxLength || announced > raw.Length * MaxInflation)
        {
            return null;
        }

        byte[] pooled = Decoded.Rent((int)announced);
        try
        {
            using var gzip = new GZipStream(new MemoryStream(raw), CompressionMode.Decompress);
            int read = gzip.ReadAtLeast(pooled.AsSpan(0, (int)announced), (int)announced, throwOnEndOfStream: false);
            if (read == announced && gzip.ReadByte() >= 0)
            {
                Decoded.Return(pooled);
                return null;
            }

            return (pooled, read);
        }
        catch
        {
            Decoded.Return(pooled);
            throw;
        }
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
