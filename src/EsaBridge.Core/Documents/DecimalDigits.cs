using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace EsaBridge.Core.Documents;

/// <summary>
/// A non-negative number's decimal digits written straight into the output, two at a time from a table, as
/// <c>ulong.TryFormat</c> writes them but without its format and culture checks and span set-up per call (measured
/// together with <see cref="PlainText"/>, see there).
/// </summary>
internal static class DecimalDigits
{
    /// <summary>"00", "01", ... "99".</summary>
    private static readonly byte[] Pairs = MakePairs();

    private static readonly ulong[] PowersOf10 = MakePowers();

    /// <summary>How many digits <paramref name="value"/> has (1 for 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Count(ulong value)
    {
        // The bit length times log10(2) is the digit count or one more than it.
        int guess = ((BitOperations.Log2(value) + 1) * 1233) >> 12;
        return guess + (value >= PowersOf10[guess] ? 1 : 0) + (value == 0 ? 1 : 0);
    }

    /// <summary>Writes the digits at <paramref name="target"/> (room for 20 bytes) and returns how many.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Write(ulong value, ref byte target)
    {
        int digits = Count(value);
        ref byte pairs = ref MemoryMarshal.GetArrayDataReference(Pairs);
        int at = digits;
        while (value >= 100)
        {
            ulong rest = value / 100;
            int pair = (int)(value - (rest * 100)) * 2;
            at -= 2;
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref target, at), Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref pairs, pair)));
            value = rest;
        }

        if (value >= 10)
        {
            Unsafe.WriteUnaligned(ref target, Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref pairs, (int)value * 2)));
        }
        else
        {
            target = (byte)('0' + value);
        }

        return digits;
    }

    private static byte[] MakePairs()
    {
        var pairs = new byte[200];
        for (int i = 0; i < 100; i++)
        {
            pairs[2 * i] = (byte)('0' + (i / 10));
            pairs[(2 * i) + 1] = (byte)('0' + (i % 10));
        }

        return pairs;
    }

    private static ulong[] MakePowers()
    {
        var powers = new ulong[20];
        powers[0] = 1;
        for (int i = 1; i < powers.Length; i++)
        {
            powers[i] = powers[i - 1] * 10;
        }

        return powers;
    }
}
