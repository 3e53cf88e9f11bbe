namespace Splitwise.Testbed.Cloud;

/// <summary>
/// The serving load the product ships, so that a run needs no ../shared. Produced from the repository root by
/// <c>dotnet run --project src/Cli -c Release -- fit-load --states 4 --window 10</c> on the Azure LLM inference trace 2023
/// (conversation, one hour, 19,366 requests; ../shared/data/llm-load) and pasted here verbatim (the JSON the command prints).
/// </summary>
public static class DefaultLoadParameters
{
    public static LoadParameters Value { get; } = LoadParameters.FromJson(Json);

    private const string Json = """
        {
          "Method": "Markov-modulated Poisson: arrivals counted per window, windows cut into equal-share quantile states of their count, per-state rate = mean count / window, transitions counted window to window; prompt and output lengths log-normal (mean/sd of ln tokens), clipped to the range seen",
          "FittedTo": "AzureLLMInferenceTrace_conv.csv",
          "WindowSeconds": 10,
          "RatesPerSecond": [
            3.8097826086956523,
            4.947058823529412,
            5.922826086956522,
            7.56951219512195
          ],
          "Transitions": [
            [
              0.5824175824175825,
              0.2857142857142857,
              0.0989010989010989,
              0.03296703296703297
            ],
            [
              0.29411764705882354,
              0.36470588235294116,
              0.29411764705882354,
              0.047058823529411764
            ],
            [
              0.13043478260869565,
              0.22826086956521738,
              0.391304347826087,
              0.25
            ],
            [
              0.012195121951219513,
              0.08536585365853659,
              0.2682926829268293,
              0.6341463414634146
            ]
          ],
          "Prompt": {
            "LogMean": 6.633312928174366,
            "LogSd": 0.985179706229438,
            "Min": 2,
            "Max": 14050
          },
          "Output": {
            "LogMean": 5.018996887187275,
            "LogSd": 0.8590314629019244,
            "Min": 7,
            "Max": 1000
          }
        }
        """;
}
