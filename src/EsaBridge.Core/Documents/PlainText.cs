using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace EsaBridge.Core.Documents;

/// <summary>
/// Text the relaxed JSON encoder writes as it is (printable ASCII without quote or backslash: nearly all mail-log
/// text), copied while it is checked: one pass instead of a scan for characters to escape and then a copy.
/// </summary>
/// <remarks>
/// Before, <see cref="JsonBytes"/> called <c>ContainsAnyExcept</c> and then <c>Memmove</c> (or the ASCII narrowing) for
/// each string: together about 5 % of native <c>parse</c>'s samples for mostly short values. With
/// <see cref="DecimalDigits"/>, the write plan's steps and the runtime's hex for <c>event.id</c>, the writing thread's
/// samples per sample of the other threads fell to 0.94 of before (7 perf runs each; docs/PERFORMANCE.md, issue 18).
/// </remarks>
internal static class PlainText
{
    /// <summary>
    /// Copies the bytes to <paramref name="target"/> (room for all of them) and returns true, or returns false at
    /// the first chunk with a byte to escape or a non-ASCII byte (what was copied until then is to be overwritten).
    /// </summary>
    public static bool TryCopy(ReadOnlySpan<byte> source, ref byte target)
    {
        ref byte from = ref MemoryMarshal.GetReference(source);
        nuint length = (nuint)source.Length;
        if (length >= (nuint)Vector128<byte>.Count)
        {
            nuint last = length - (nuint)Vector128<byte>.Count;
            for (nuint i = 0; i < last; i += (nuint)Vector128<byte>.Count)
            {
                var chunk = Vector128.LoadUnsafe(ref from, i);
                if (!IsPlain(chunk))
                {
                    return false;
                }

                chunk.StoreUnsafe(ref target, i);
            }

            var end = Vector128.LoadUnsafe(ref from, last);
            if (!IsPlain(end))
            {
                return false;
            }

            end.StoreUnsafe(ref target, last);
            return true;
        }

        if (length >= sizeof(ulong))
        {
            ulong head = Unsafe.ReadUnaligned<ulong>(ref from);
            ulong tail = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref from, length - sizeof(ulong)));
            if (!IsPlain(Vector128.Create(head, tail).AsByte()))
            {
                return false;
            }

            Unsafe.WriteUnaligned(ref target, head);
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref target, length - sizeof(ulong)), tail);
            return true;
        }

        for (nuint i = 0; i < length; i++)
        {
            byte b = Unsafe.Add(ref from, i);
            if (!IsPlain(b))
            {
                return false;
            }

            Unsafe.Add(ref target, i) = b;
        }

        return true;
    }

    /// <summary>The same for UTF-16 text, narrowed to one byte per character as it is copied.</summary>
    public static bool TryNarrow(ReadOnlySpan<char> source, ref byte target)
    {
        ref ushort from = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(source));
        nuint length = (nuint)source.Length;
        if (length >= (nuint)Vector128<ushort>.Count)
        {
            nuint last = length - (nuint)Vector128<ushort>.Count;
            for (nuint i = 0; i < last; i += (nuint)Vector128<ushort>.Count)
            {
                var chunk = Vector128.LoadUnsafe(ref from, i);
                if (!IsPlain(chunk))
                {
                    return false;
                }

                Unsafe.WriteUnaligned(ref Unsafe.Add(ref target, i), Narrowed(chunk));
            }

            var end = Vector128.LoadUnsafe(ref from, last);
            if (!IsPlain(end))
            {
                return false;
            }

            Unsafe.WriteUnaligned(ref Unsafe.Add(ref target, last), Narrowed(end));
            return true;
        }

        for (nuint i = 0; i < length; i++)
        {
            ushort c = Unsafe.Add(ref from, i);
            if (!IsPlain(c))
            {
                return false;
            }

            Unsafe.Add(ref target, i) = (byte)c;
        }

        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsPlain(uint c) => c - 0x20 < 0x5F && c != '"' && c != '\\';

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsPlain(Vector128<byte> chunk)
    {
        var printable = Vector128.LessThan(chunk - Vector128.Create((byte)0x20), Vector128.Create((byte)0x5F));
        var special = Vector128.Equals(chunk, Vector128.Create((byte)'"')) | Vector128.Equals(chunk, Vector128.Create((byte)'\\'));
        return Vector128.AndNot(printable, special) == Vector128<byte>.AllBitsSet;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsPlain(Vector128<ushort> chunk)
    {
        var printable = Vector128.LessThan(chunk - Vector128.Create((ushort)0x20), Vector128.Create((ushort)0x5F));
        var special = Vector128.Equals(chunk, Vector128.Create((ushort)'"')) | Vector128.Equals(chunk, Vector128.Create((ushort)'\\'));
        return Vector128.AndNot(printable, special) == Vector128<ushort>.AllBitsSet;
    }

    /// <summary>The eight characters' low bytes (all ASCII), as eight bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Narrowed(Vector128<ushort> chunk) => Vector128.Narrow(chunk, chunk).AsUInt64().ToScalar();
}
