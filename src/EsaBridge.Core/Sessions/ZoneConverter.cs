namespace EsaBridge.Core.Sessions;

/// <summary>Turns the wall-clock seconds written on a line into UTC, for a fixed offset or an IANA zone.</summary>
public sealed class ZoneConverter
{
    private readonly TimeZoneInfo? _zone;
    private readonly long _fixedOffsetSeconds;
    private long _cachedHour = long.MinValue;
    private long _cachedOffset;

    private ZoneConverter(TimeZoneInfo? zone, long fixedOffsetSeconds)
    {
        _zone = zone;
        _fixedOffsetSeconds = fixedOffsetSeconds;
    }

    public static ZoneConverter Utc { get; } = new(null, 0);

    public static ZoneConverter FixedOffset(TimeSpan offset) => new(null, (long)offset.TotalSeconds);

    public static ZoneConverter For(TimeZoneInfo zone) =>
        zone.BaseUtcOffset == TimeSpan.Zero && !zone.SupportsDaylightSavingTime ? Utc : new(zone, 0);

    public long ToUtc(long localSeconds)
    {
        if (_zone is null)
        {
            return localSeconds - _fixedOffsetSeconds;
        }

        long hour = Math.DivRem(localSeconds, 3600, out long remainder);
        if (remainder < 0)
        {
            hour--;
        }

        if (hour != _cachedHour)
        {
            var local = DateTime.UnixEpoch.AddSeconds(hour * 3600);
            _cachedOffset = (long)_zone.GetUtcOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified)).TotalSeconds;
            _cachedHour = hour;
        }

        return localSeconds - _cachedOffset;
    }
}
