using System.Text.Json;
using Microsoft.Playwright;

namespace Splitwise.EdgeHost.Tests.Partition;

/// <summary>
/// The live partition page in a real browser (Debian's chromium, installed by scripts/setup-chromium.sh, driven by
/// Microsoft.Playwright without any browser download): the grid follows a plan change through the API within 2 s.
/// </summary>
public class PartitionPageTests(EdgeFabric fabric) : IClassFixture<EdgeFabric>
{
    private const string Chromium = "/usr/bin/chromium";

    [SkippableFact]
    public async Task TheGridShowsWhereSubBlocksRunAndFollowsAPlanChangeWithinTwoSeconds()
    {
        Skip.IfNot(File.Exists(Chromium), $"{Chromium} is missing (scripts/setup-chromium.sh apt-installs it); the browser test skips");
        using var http = fabric.Http();
        await http.GetStringAsync($"/generate/{EdgeFabric.Model}?prompt=In%20the&tokens=3"); // activates every sub-block

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox"] });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 860 } });
        await page.GotoAsync(new Uri(fabric.Address, "/partition.html").ToString());

        // The fixture's plan: layers 0-1 on the edge, 2-3 in the cloud; the grid shows the activations' silos.
        var l3 = page.Locator("[data-subblock='L3.attn0']");
        await Assertions.Expect(l3).ToHaveAttributeAsync("data-tier", "cloud", new() { Timeout = 10_000 });
        await Assertions.Expect(page.Locator("[data-subblock='L0.ffn1']")).ToHaveAttributeAsync("data-tier", "edge");

        using var change = await http.PostAsync($"/plan/{EdgeFabric.Model}/edge-layers/3", null);
        change.EnsureSuccessStatusCode();
        var version = JsonDocument.Parse(await change.Content.ReadAsStringAsync()).RootElement.GetProperty("version").GetInt64();

        await Assertions.Expect(l3).ToHaveAttributeAsync("data-tier", "cloud", new() { Timeout = 2_000 });
        await Assertions.Expect(page.Locator("[data-subblock='L2.attn0']")).ToHaveAttributeAsync("data-tier", "edge", new() { Timeout = 2_000 });
        await Assertions.Expect(page.Locator("#version")).ToHaveAttributeAsync("data-version", version.ToString(System.Globalization.CultureInfo.InvariantCulture), new() { Timeout = 2_000 });

        // Some traffic for the charts, then a screenshot kept as a test artifact.
        for (var i = 0; i < 3; i++)
            await http.GetStringAsync($"/generate/{EdgeFabric.Model}?prompt=In%20the&tokens=8");
        await page.WaitForTimeoutAsync(1200);
        var shot = Path.Combine(Artifacts.Directory, "partition-page.png");
        await page.ScreenshotAsync(new() { Path = shot, FullPage = true });
        Assert.True(new FileInfo(shot).Length > 10_000);
    }
}
