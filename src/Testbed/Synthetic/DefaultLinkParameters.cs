namespace Splitwise.Testbed.Synthetic;

/// <summary>
/// The Markov link parameters the product ships, so that a run needs no ../shared. Produced from the repository root by
/// <c>dotnet run --project src/Cli -c Release -- fit-link --states 8 --seed 1</c> (output .cache/fitted-link.json, pasted
/// here verbatim) on the 15 real 5G/LTE download traces of Raca et al., MMSys 2020 (../shared/data/net/5g-download:
/// 5 static, 10 driving; 30,064 measured seconds). Refit and paste again when the fitter changes.
/// </summary>
public static class DefaultLinkParameters
{
    public static MarkovLinkParameters Value { get; } = MarkovLinkParameters.FromJson(Json);

    private const string Json = """
        {
          "Method": "Markov-modulated log-normal: outage state = zero-capacity steps; k bandwidth states cut at equal-share quantiles of log capacity; per state mean/sd of log capacity and mean RTT; transition matrix = counted step-to-step moves; AR(1) on the standardised log residual within a state (lag-1 correlation of residual pairs that stay in one state)",
          "FittedTo": "15 trace files under ../shared/data/net",
          "StepSeconds": 1,
          "States": [
            {
              "Name": "q1",
              "LogMean": -2.632268545777039,
              "LogSd": 2.723583158096106,
              "MinMbps": 0.0005,
              "MaxMbps": 1.784,
              "MeanRttMs": 121.01930396954867,
              "Share": 0.12233901011176157
            },
            {
              "Name": "q2",
              "LogMean": 1.2202333371009622,
              "LogSd": 0.32415645238217333,
              "MinMbps": 1.785,
              "MaxMbps": 5.513,
              "MeanRttMs": 106.77370279815267,
              "Share": 0.12243879723257052
            },
            {
              "Name": "q3",
              "LogMean": 2.0146216356735187,
              "LogSd": 0.1610622615003761,
              "MinMbps": 5.514,
              "MaxMbps": 9.742,
              "MeanRttMs": 86.02229472539423,
              "Share": 0.12233901011176157
            },
            {
              "Name": "q4",
              "LogMean": 2.5203813798477994,
              "LogSd": 0.14258011469898435,
              "MinMbps": 9.744,
              "MaxMbps": 15.96,
              "MeanRttMs": 80.23179347826087,
              "Share": 0.12240553485896753
            },
            {
              "Name": "q5",
              "LogMean": 2.9442370498214503,
              "LogSd": 0.1010011468728225,
              "MinMbps": 15.961,
              "MaxMbps": 23.055,
              "MeanRttMs": 74.23668478260869,
              "Share": 0.12240553485896753
            },
            {
              "Name": "q6",
              "LogMean": 3.5485720602658932,
              "LogSd": 0.2651773118785894,
              "MinMbps": 23.056,
              "MaxMbps": 55.883,
              "MeanRttMs": 73.78641304347826,
              "Share": 0.12240553485896753
            },
            {
              "Name": "q7",
              "LogMean": 4.481979666631904,
              "LogSd": 0.2847328445787472,
              "MinMbps": 55.892,
              "MaxMbps": 149.247,
              "MeanRttMs": 71.14895351997825,
              "Share": 0.12237227248536456
            },
            {
              "Name": "q8",
              "LogMean": 5.330349877638776,
              "LogSd": 0.19265189325052812,
              "MinMbps": 149.297,
              "MaxMbps": 484.565,
              "MeanRttMs": 71.39402173913044,
              "Share": 0.12240553485896753
            }
          ],
          "OutageShare": 0.020888770622671634,
          "OutageRttMs": 96.20382165605096,
          "Transitions": [
            [
              0.5055812687176695,
              0.17696705690171521,
              0.0906615845358018,
              0.08957255649332971,
              0.05200108902804247,
              0.03593792540157909,
              0.01442962156275524,
              0.0057173972229784915,
              0.029131500136128505
            ],
            [
              0.1741374626460201,
              0.49470252648736757,
              0.17576745449606085,
              0.06628633523499049,
              0.042379788101059496,
              0.023091551208910623,
              0.009236620483564249,
              0.0024449877750611247,
              0.0119532735669655
            ],
            [
              0.06556039173014146,
              0.17682263329706202,
              0.47905331882480956,
              0.18199129488574536,
              0.041621327529923834,
              0.024483133841131665,
              0.011697497279651796,
              0.001632208922742111,
              0.017138193688792165
            ],
            [
              0.04673913043478261,
              0.04456521739130435,
              0.16630434782608697,
              0.4915760869565217,
              0.15271739130434783,
              0.059510869565217395,
              0.01576086956521739,
              0.004891304347826087,
              0.017934782608695653
            ],
            [
              0.02608695652173913,
              0.017934782608695653,
              0.027445652173913045,
              0.11494565217391305,
              0.6046195652173914,
              0.14048913043478262,
              0.0483695652173913,
              0.005163043478260869,
              0.014945652173913044
            ],
            [
              0.044589450788472,
              0.02066340402392605,
              0.014410005437737902,
              0.03235454051114736,
              0.089178901576944,
              0.5948885263730288,
              0.15606307775965197,
              0.03452963567156063,
              0.013322457857531268
            ],
            [
              0.06960304513322457,
              0.016041326808047852,
              0.011963023382272975,
              0.00897226753670473,
              0.010603588907014683,
              0.10277324632952692,
              0.6356715606307776,
              0.13104948341489941,
              0.013322457857531268
            ],
            [
              0.018206521739130434,
              0.005434782608695652,
              0.008695652173913044,
              0.005434782608695652,
              0.004076086956521739,
              0.01684782608695652,
              0.10733695652173914,
              0.8146739130434782,
              0.019293478260869565
            ],
            [
              0.27447833065810595,
              0.2808988764044944,
              0.15248796147672553,
              0.05457463884430177,
              0.01765650080256822,
              0.014446227929373997,
              0.009630818619582664,
              0,
              0.1958266452648475
            ]
          ],
          "Ar1": 0.5490987159435796
        }
        """;
}
