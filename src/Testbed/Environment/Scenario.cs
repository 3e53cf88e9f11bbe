using Splitwise.Testbed.Budgets;

namespace Splitwise.Testbed.Environment;

/// <summary>
/// One named world: the link (a trace family, or the flakiest evaluation trace), the other tenants' load on the cloud
/// GPU (share of its KV memory in use on average), the edge's arrivals (Poisson at <see cref="EdgeLoad"/> of the rate
/// a cloud-only edge could serve on the family's median link, lengths from the fitted Azure conversation workload,
/// clipped), the budgets, the device, the model and the boundary codec. <see cref="Sources"/> says where each part comes from.
/// </summary>
public sealed record Scenario(
    string Name,
    string Description,
    LinkFamily Link,
    bool FlakiestTrace,
    double CloudUtilisation,
    double EdgeLoad,
    Budgets.Budgets Budgets,
    string Device,
    string Model,
    string Codec = "int8",
    int MaxPrompt = 512,
    int MaxOutput = 256,
    int Requests = 1000)
{
    public string Sources =>
        $"link: {(Link == LinkFamily.Static ? "static" : "driving")} 5G/LTE download traces (Raca et al., MMSys 2020), evaluation set (src/Testbed/Environment/TraceSplit.cs) or the fitted synthetic link; "
        + "cloud: A100 80GB roofline (DeviceProfiles.CloudA100: NVIDIA datasheet) with continuous batching, other tenants = the Azure LLM conversation trace 2023 (Patel et al., ISCA 2024) or, without ../shared, the workload fitted to it (src/Testbed/Load/FittedLlmLoad.cs); "
        + "price: AWS p4de.24xlarge on-demand; codec loss: `bench codecs`; budgets: our choice (stated per scenario)";
}
