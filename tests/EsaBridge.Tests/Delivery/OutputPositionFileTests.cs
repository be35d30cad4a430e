using EsaBridge.Spool;

namespace EsaBridge.Tests.Delivery;

/// <summary>An output's saved position: trusted when its checksum holds, reported (never guessed at) when it does not.</summary>
public sealed class OutputPositionFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("esabridge-position-").FullName;

    private string Path_ => Path.Combine(_dir, "hec.position");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_saved_position_reads_back_and_one_past_a_cut_spool_resumes_at_its_end()
    {
        File.WriteAllBytes(Path_, OutputPositionFile.Encode(700));

        Assert.Equal(700, OutputPositionFile.Load(Path_, oldest: 100, end: 1000, out string? problem));
        Assert.Null(problem);
        Assert.Equal(500, OutputPositionFile.Load(Path_, oldest: 100, end: 500, out _)); // the spool was cut back at a restart
    }

    [Fact]
    public void A_file_from_before_the_checksum_is_taken_only_inside_the_spool()
    {
        File.WriteAllBytes(Path_, BitConverter.GetBytes(700L));
        Assert.Equal(700, OutputPositionFile.Load(Path_, oldest: 100, end: 1000, out _));

        Assert.Null(OutputPositionFile.Load(Path_, oldest: 100, end: 500, out string? problem));
        Assert.Equal("is damaged (it holds 700, outside the spool's 100-500)", problem);
    }

    [Fact]
    public void A_flipped_bit_is_damage_not_a_position()
    {
        byte[] bytes = OutputPositionFile.Encode(700);
        bytes[1] ^= 0x01;
        File.WriteAllBytes(Path_, bytes);

        Assert.Null(OutputPositionFile.Load(Path_, oldest: 0, end: 100_000, out string? problem));
        Assert.Equal("is damaged (its checksum does not match)", problem);
    }
}
