namespace EsaBridge.Core.Parsing;

/// <summary>Calendar arithmetic without DateTime, for the per-line timestamp.</summary>
public static class CivilTime
{
    /// <summary>Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).</summary>
    public static long DaysFromCivil(int year, int month, int day)
    {
        long y = month <= 2 ? year - 1 : year;
        long era = (y >= 0 ? y : y - 399) / 400;
        long yearOfEra = y - (era * 400);
        long dayOfYear = ((153 * (month + (month > 2 ? -3 : 9))) + 2) / 5 + day - 1;
        long dayOfEra = (yearOfEra * 365) + (yearOfEra / 4) - (yearOfEra / 100) + dayOfYear;
        return (era * 146097) + dayOfEra - 719468;
    }

    /// <summary>The date of a day count since 1970-01-01 (Howard Hinnant's civil_from_days).</summary>
    public static (int Year, int Month, int Day) CivilFromDays(long days)
    {
        days += 719468;
        long era = (days >= 0 ? days : days - 146096) / 146097;
        long dayOfEra = days - (era * 146097);
        long yearOfEra = (dayOfEra - (dayOfEra / 1460) + (dayOfEra / 36524) - (dayOfEra / 146096)) / 365;
        long dayOfYear = dayOfEra - ((365 * yearOfEra) + (yearOfEra / 4) - (yearOfEra / 100));
        long monthIndex = ((5 * dayOfYear) + 2) / 153;
        int day = (int)(dayOfYear - (((153 * monthIndex) + 2) / 5) + 1);
        int month = (int)(monthIndex < 10 ? monthIndex + 3 : monthIndex - 9);
        int year = (int)(yearOfEra + (era * 400) + (month <= 2 ? 1 : 0));
        return (year, month, day);
    }

    public static bool IsValidDate(int year, int month, int day) =>
        year is >= 1970 and <= 9999 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month);

    public static long ToSeconds(int year, int month, int day, int hour, int minute, int second) =>
        (DaysFromCivil(year, month, day) * 86400) + (hour * 3600) + (minute * 60) + second;

    /// <summary>1-12 for a three-letter English month name, 0 otherwise.</summary>
    public static int Month(ReadOnlySpan<byte> s, int pos)
    {
        if (pos + 3 > s.Length)
        {
            return 0;
        }

        int key = s[pos] | (s[pos + 1] << 8) | (s[pos + 2] << 16);
        return key switch
        {
            'J' | ('a' << 8) | ('n' << 16) => 1,
            'F' | ('e' << 8) | ('b' << 16) => 2,
            'M' | ('a' << 8) | ('r' << 16) => 3,
            'A' | ('p' << 8) | ('r' << 16) => 4,
            'M' | ('a' << 8) | ('y' << 16) => 5,
            'J' | ('u' << 8) | ('n' << 16) => 6,
            'J' | ('u' << 8) | ('l' << 16) => 7,
            'A' | ('u' << 8) | ('g' << 16) => 8,
            'S' | ('e' << 8) | ('p' << 16) => 9,
            'O' | ('c' << 8) | ('t' << 16) => 10,
            'N' | ('o' << 8) | ('v' << 16) => 11,
            'D' | ('e' << 8) | ('c' << 16) => 12,
            _ => 0,
        };
    }

    public static bool IsWeekday(ReadOnlySpan<byte> s, int pos)
    {
        if (pos + 3 > s.Length)
        {
            return false;
        }

        int key = s[pos] | (s[pos + 1] << 8) | (s[pos + 2] << 16);
        return key switch
        {
            'M' | ('o' << 8) | ('n' << 16) => true,
            'T' | ('u' << 8) | ('e' << 16) => true,
            'W' | ('e' << 8) | ('d' << 16) => true,
            'T' | ('h' << 8) | ('u' << 16) => true,
            'F' | ('r' << 8) | ('i' << 16) => true,
            'S' | ('a' << 8) | ('t' << 16) => true,
            'S' | ('u' << 8) | ('n' << 16) => true,
            _ => false,
        };
    }
}
