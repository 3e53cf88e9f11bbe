using Splitwise.Testbed.Devices;

namespace Splitwise.Testbed.Tests.Devices;

public class DeviceProfilesTests
{
    [Fact]
    public void Every_figure_is_positive_or_a_wired_radio_and_names_a_source()
    {
        foreach (var device in DeviceProfiles.All)
        {
            foreach (var (field, figure) in device.Figures())
            {
                Assert.False(string.IsNullOrWhiteSpace(figure.Source), $"{device.Key}.{field} has no source");
                Assert.False(string.IsNullOrWhiteSpace(figure.Unit), $"{device.Key}.{field} has no unit");
                var radio = field.StartsWith("Radio", StringComparison.Ordinal);
                Assert.True(figure.Value > 0 || (radio && device == DeviceProfiles.CloudA100), $"{device.Key}.{field} = {figure.Value}");
            }
        }
    }

    [Fact]
    public void Estimated_figures_say_how()
    {
        foreach (var (field, figure) in DeviceProfiles.All.SelectMany(d => d.Figures()))
        {
            if (figure.Kind == FigureKind.Estimated)
                Assert.True(figure.Source.Contains("estimate", StringComparison.OrdinalIgnoreCase)
                            || figure.Source.Contains("assumption", StringComparison.OrdinalIgnoreCase)
                            || figure.Source.Contains("model", StringComparison.OrdinalIgnoreCase)
                            || figure.Source.Contains("x the", StringComparison.OrdinalIgnoreCase)
                            || figure.Source.Contains("wired", StringComparison.OrdinalIgnoreCase),
                    $"{field}: '{figure.Source}' does not say how it was estimated");
        }
    }

    [Fact]
    public void Devices_are_ordered_as_expected_by_capability()
    {
        // Sanity of the table, not a claim: the cloud GPU out-computes and out-streams every edge device, and the Pi is the weakest.
        foreach (var edge in DeviceProfiles.Edge)
        {
            Assert.True(DeviceProfiles.CloudA100.MatmulFp16.Value > 10 * edge.MatmulFp16.Value);
            Assert.True(DeviceProfiles.CloudA100.MemoryBandwidth.Value > 10 * edge.MemoryBandwidth.Value);
            Assert.True(edge.ActivePower.Value > edge.IdlePower.Value);
        }

        Assert.Equal(DeviceProfiles.RaspberryPi5, DeviceProfiles.Edge.MinBy(d => d.MatmulFp32.Value));
    }

    [Fact]
    public void Lookup_by_key_is_case_insensitive_and_unknown_keys_list_the_known_ones()
    {
        Assert.Same(DeviceProfiles.RaspberryPi5, DeviceProfiles.Get("RPi5"));
        var e = Assert.Throws<ArgumentException>(() => DeviceProfiles.Get("pixel"));
        Assert.Contains("orin-nx", e.Message);
    }

    [Fact]
    public void Unit_conversions()
    {
        var pi = DeviceProfiles.RaspberryPi5;
        Assert.Equal(7L << 30, pi.MemoryBytes);
        Assert.Equal(60e9, pi.FlopsPerSecond(4));
        Assert.Equal(10e9, pi.BytesPerSecond);
        Assert.Throws<ArgumentOutOfRangeException>(() => pi.FlopsPerSecond(1));
    }
}
