"""Ordinary, secret-free code used as haystack. Blocks are repeated with fresh names until ~n lines."""

SYMS = ["BTC/USDT", "ETH/USDT", "SOL/USDT", "BNB/USDT", "XRP/USDT", "ADA/USDT", "DOGE/USDT", "AVAX/USDT",
        "LINK/USDT", "MATIC/USDT", "ARB/USDT", "OP/USDT"]
FNS = ["compute_signal", "rebalance", "update_grid", "check_risk", "place_ladder", "refresh_book", "calc_atr",
       "trail_stop", "sync_positions", "fetch_candles", "score_pairs", "hedge_delta", "roll_futures", "scan_spreads",
       "size_position", "cancel_stale", "measure_slippage", "track_funding", "rotate_logs", "snapshot_equity"]
CLS = ["GridStrategy", "MeanReversion", "Momentum", "Arbitrageur", "MarketMaker", "DcaPlanner", "RiskGuard",
       "FundingHarvester", "BreakoutTrader", "PairTrader"]


def camel(s):
    p = s.split("_")
    return p[0] + "".join(x.title() for x in p[1:])


def pascal(s):
    return "".join(x.title() for x in s.split("_"))


B = {}

B["python"] = [
    '''
def %FN%(df, window=%N%, k=%F%):
    """Return a signal series in {-1, 0, 1} for the %SYM% market."""
    mid = df["close"].rolling(window).mean()
    std = df["close"].rolling(window).std()
    upper, lower = mid + k * std, mid - k * std
    sig = pd.Series(0, index=df.index)
    sig[df["close"] < lower] = 1
    sig[df["close"] > upper] = -1
    logger.debug("%FN%: %d longs, %d shorts", (sig == 1).sum(), (sig == -1).sum())
    return sig
''',
    '''
async def %FN%(exchange, symbol="%SYM%", levels=%N%):
    book = await exchange.fetch_order_book(symbol, limit=levels)
    best_bid, best_ask = book["bids"][0][0], book["asks"][0][0]
    spread = (best_ask - best_bid) / best_bid
    if spread > MAX_SPREAD:
        logger.warning("spread on %s too wide: %.4f", symbol, spread)
        return None
    orders = []
    for i in range(levels):
        price = round(best_bid * (1 - (i + 1) * %F% / 100), 2)
        orders.append({"symbol": symbol, "side": "buy", "price": price, "amount": LOT_SIZE})
    return orders
''',
    '''
class %CLS%:
    """Keeps running state for one symbol."""

    def __init__(self, symbol: str, max_position: float = %F%):
        self.symbol = symbol
        self.max_position = max_position
        self.position = 0.0
        self.pnl = 0.0
        self.trades: list[dict] = []

    def on_fill(self, fill: dict) -> None:
        qty = fill["amount"] if fill["side"] == "buy" else -fill["amount"]
        self.position += qty
        self.trades.append(fill)
        if abs(self.position) > self.max_position:
            raise RiskLimitExceeded(f"{self.symbol}: position {self.position} > {self.max_position}")

    def __repr__(self) -> str:
        return f"<%CLS% {self.symbol} pos={self.position:.4f} pnl={self.pnl:.2f}>"
''',
    '''
def %FN%(trades, fee_rate=0.00%N%):
    gross = sum(t["price"] * t["amount"] * (1 if t["side"] == "sell" else -1) for t in trades)
    fees = sum(t["price"] * t["amount"] * fee_rate for t in trades)
    net = gross - fees
    logger.info("realised pnl gross=%.2f fees=%.2f net=%.2f", gross, fees, net)
    return {"gross": gross, "fees": fees, "net": net, "count": len(trades)}
''',
    '''
@retry(stop=stop_after_attempt(%N%), wait=wait_exponential(multiplier=1, max=30))
def %FN%(client, symbol="%SYM%", timeframe="1h", since=None):
    rows = client.fetch_ohlcv(symbol, timeframe=timeframe, since=since, limit=500)
    df = pd.DataFrame(rows, columns=["ts", "open", "high", "low", "close", "volume"])
    df["ts"] = pd.to_datetime(df["ts"], unit="ms", utc=True)
    return df.set_index("ts")
''',
]

B["javascript"] = [
    '''
async function %FN%(exchange, symbol = '%SYM%', depth = %N%) {
  const book = await exchange.fetchOrderBook(symbol, depth);
  const [bestBid] = book.bids[0];
  const [bestAsk] = book.asks[0];
  const spread = (bestAsk - bestBid) / bestBid;
  if (spread > config.maxSpread) {
    logger.warn(`spread on ${symbol} too wide: ${spread.toFixed(4)}`);
    return [];
  }
  return Array.from({ length: depth }, (_, i) => ({
    symbol,
    side: 'buy',
    price: +(bestBid * (1 - (i + 1) * %F% / 100)).toFixed(2),
    amount: config.lotSize,
  }));
}
''',
    '''
function %FN%(candles, period = %N%) {
  const closes = candles.map((c) => c[4]);
  const out = [];
  for (let i = period; i < closes.length; i++) {
    const slice = closes.slice(i - period, i);
    const mean = slice.reduce((a, b) => a + b, 0) / period;
    out.push({ ts: candles[i][0], mean, last: closes[i] });
  }
  return out;
}
''',
    '''
class %CLS% {
  constructor(symbol, maxPosition = %F%) {
    this.symbol = symbol;
    this.maxPosition = maxPosition;
    this.position = 0;
    this.fills = [];
  }

  onFill(fill) {
    this.position += fill.side === 'buy' ? fill.amount : -fill.amount;
    this.fills.push(fill);
    if (Math.abs(this.position) > this.maxPosition) {
      throw new Error(`${this.symbol}: position limit exceeded`);
    }
  }
}
''',
]

B["typescript"] = [
    '''
export async function %FN%(exchange: Exchange, symbol = '%SYM%', depth = %N%): Promise<OrderRequest[]> {
  const book = await exchange.fetchOrderBook(symbol, depth);
  const bestBid = book.bids[0][0];
  const bestAsk = book.asks[0][0];
  if ((bestAsk - bestBid) / bestBid > settings.maxSpread) {
    log.warn({ symbol }, 'spread too wide');
    return [];
  }
  return book.bids.slice(0, depth).map(([price], i) => ({
    symbol,
    side: 'buy' as const,
    price: price * (1 - (i + 1) * %F% / 100),
    amount: settings.lotSize,
  }));
}
''',
    '''
export class %CLS% {
  private position = 0;
  private readonly fills: Fill[] = [];

  constructor(private readonly symbol: string, private readonly maxPosition: number = %F%) {}

  onFill(fill: Fill): void {
    this.position += fill.side === 'buy' ? fill.amount : -fill.amount;
    this.fills.push(fill);
    if (Math.abs(this.position) > this.maxPosition) {
      throw new RiskError(`${this.symbol}: position ${this.position} over limit`);
    }
  }

  get exposure(): number {
    return this.position;
  }
}
''',
]

B["go"] = [
    '''
func %PFN%(ctx context.Context, c *Client, symbol string) ([]Order, error) {
	book, err := c.OrderBook(ctx, symbol, %N%)
	if err != nil {
		return nil, fmt.Errorf("order book %s: %w", symbol, err)
	}
	if len(book.Bids) == 0 {
		return nil, errEmptyBook
	}
	orders := make([]Order, 0, %N%)
	for i := 0; i < %N%; i++ {
		price := book.Bids[0].Price * (1 - float64(i+1)*%F%/100)
		orders = append(orders, Order{Symbol: symbol, Side: SideBuy, Price: price, Qty: lotSize})
	}
	log.Printf("%PFN%: prepared %d orders for %s", len(orders), symbol)
	return orders, nil
}
''',
    '''
type %CLS% struct {
	Symbol      string
	MaxPosition float64
	position    float64
	mu          sync.Mutex
}

func (s *%CLS%) OnFill(f Fill) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if f.Side == SideBuy {
		s.position += f.Qty
	} else {
		s.position -= f.Qty
	}
	if math.Abs(s.position) > s.MaxPosition {
		return fmt.Errorf("%s: position limit %.2f exceeded", s.Symbol, s.MaxPosition)
	}
	return nil
}
''',
]

B["rust"] = [
    '''
pub async fn %FN%(client: &RestClient, symbol: &str) -> Result<Vec<OrderRequest>> {
    let book = client.order_book(symbol, %N%).await.context("fetching order book")?;
    let best_bid = book.bids.first().map(|l| l.price).unwrap_or_default();
    let orders = (0..%N%)
        .map(|i| OrderRequest {
            symbol: symbol.to_string(),
            side: Side::Buy,
            price: best_bid * (1.0 - (i as f64 + 1.0) * %F% / 100.0),
            qty: LOT_SIZE,
        })
        .collect::<Vec<_>>();
    tracing::debug!(symbol, count = orders.len(), "prepared ladder");
    Ok(orders)
}
''',
    '''
#[derive(Debug, Default)]
pub struct %CLS% {
    pub symbol: String,
    pub max_position: f64,
    position: f64,
}

impl %CLS% {
    pub fn on_fill(&mut self, fill: &Fill) -> Result<(), RiskError> {
        self.position += match fill.side {
            Side::Buy => fill.qty,
            Side::Sell => -fill.qty,
        };
        if self.position.abs() > self.max_position {
            return Err(RiskError::PositionLimit(self.symbol.clone()));
        }
        Ok(())
    }
}
''',
]

B["java"] = [
    '''
    public List<OrderRequest> %CFN%(String symbol, int depth) {
        OrderBook book = marketData.orderBook(symbol, depth);
        if (book.getBids().isEmpty()) {
            log.warn("empty book for {}", symbol);
            return Collections.emptyList();
        }
        BigDecimal bestBid = book.getBids().get(0).getPrice();
        List<OrderRequest> out = new ArrayList<>();
        for (int i = 0; i < depth; i++) {
            BigDecimal step = BigDecimal.valueOf((i + 1) * %F% / 100.0);
            out.add(new OrderRequest(symbol, Side.BUY, bestBid.multiply(BigDecimal.ONE.subtract(step)), lotSize));
        }
        return out;
    }
''',
    '''
    @Scheduled(fixedDelay = %N%000)
    public void %CFN%() {
        for (Position p : positionRepository.findAllOpen()) {
            BigDecimal mark = marketData.markPrice(p.getSymbol());
            BigDecimal pnl = mark.subtract(p.getEntryPrice()).multiply(p.getQuantity());
            meterRegistry.gauge("bot.unrealised_pnl", pnl.doubleValue());
            if (pnl.compareTo(maxDrawdown.negate()) < 0) {
                log.error("drawdown limit hit on {}: {}", p.getSymbol(), pnl);
                orderService.flatten(p);
            }
        }
    }
''',
]

B["kotlin"] = [
    '''
suspend fun %CFN%(client: ExchangeClient, symbol: String = "%SYM%"): List<OrderRequest> {
    val book = client.orderBook(symbol, depth = %N%)
    val bestBid = book.bids.firstOrNull()?.price ?: return emptyList()
    return (1..%N%).map { i ->
        OrderRequest(
            symbol = symbol,
            side = Side.BUY,
            price = bestBid * (1 - i * %F% / 100),
            quantity = settings.lotSize,
        )
    }.also { log.debug("prepared ${it.size} orders for $symbol") }
}
''',
    '''
data class %CLS%State(
    val symbol: String,
    val position: Double = 0.0,
    val realisedPnl: Double = 0.0,
    val openOrders: Int = 0,
) {
    fun withFill(fill: Fill): %CLS%State = copy(
        position = position + if (fill.side == Side.BUY) fill.qty else -fill.qty,
        realisedPnl = realisedPnl + fill.pnl,
    )
}
''',
]

B["scala"] = [
    '''
  def %CFN%(symbol: String, depth: Int = %N%): Future[Seq[OrderRequest]] =
    marketData.orderBook(symbol, depth).map { book =>
      book.bids.headOption match {
        case Some(best) =>
          (1 to depth).map(i => OrderRequest(symbol, Buy, best.price * (1 - i * %F% / 100), lotSize))
        case None =>
          log.warning(s"empty book for $symbol")
          Seq.empty
      }
    }
''',
]

B["csharp"] = [
    '''
        public async Task<IReadOnlyList<OrderRequest>> %PFN%Async(string symbol, int depth = %N%, CancellationToken ct = default)
        {
            var book = await _marketData.GetOrderBookAsync(symbol, depth, ct);
            if (book.Bids.Count == 0)
            {
                _logger.LogWarning("Empty book for {Symbol}", symbol);
                return Array.Empty<OrderRequest>();
            }
            var bestBid = book.Bids[0].Price;
            return Enumerable.Range(1, depth)
                .Select(i => new OrderRequest(symbol, Side.Buy, bestBid * (1 - i * %F%m / 100), _options.LotSize))
                .ToList();
        }
''',
]

B["php"] = [
    '''
    public function %CFN%(string $symbol = '%SYM%', int $depth = %N%): array
    {
        $book = $this->exchange->fetch_order_book($symbol, $depth);
        if (empty($book['bids'])) {
            Log::warning("empty order book for {$symbol}");
            return [];
        }
        $bestBid = $book['bids'][0][0];
        $orders = [];
        for ($i = 1; $i <= $depth; $i++) {
            $orders[] = ['symbol' => $symbol, 'side' => 'buy', 'price' => round($bestBid * (1 - $i * %F% / 100), 2)];
        }
        return $orders;
    }
''',
]

B["ruby"] = [
    '''
  def %FN%(symbol = "%SYM%", depth: %N%)
    book = client.order_book(symbol, limit: depth)
    best_bid = book.dig("bids", 0, 0)
    return [] if best_bid.nil?

    (1..depth).map do |i|
      { symbol: symbol, side: :buy, price: (best_bid * (1 - i * %F% / 100.0)).round(2), amount: lot_size }
    end.tap { |orders| logger.debug("prepared #{orders.size} orders for #{symbol}") }
  end
''',
]

B["elixir"] = [
    '''
  def %FN%(symbol \\\\ "%SYM%", depth \\\\ %N%) do
    with {:ok, book} <- Exchange.order_book(symbol, depth),
         [[best_bid, _] | _] <- book.bids do
      orders =
        for i <- 1..depth do
          %{symbol: symbol, side: :buy, price: Float.round(best_bid * (1 - i * %F% / 100), 2)}
        end

      Logger.debug("prepared #{length(orders)} orders for #{symbol}")
      {:ok, orders}
    else
      _ -> {:error, :empty_book}
    end
  end
''',
]

B["haskell"] = [
    '''
%CFN% :: Double -> [Candle] -> [Signal]
%CFN% k candles = zipWith classify closes bands
  where
    closes = map candleClose candles
    bands = rollingBands %N% k closes
    classify c (lo, hi)
      | c < lo = Long
      | c > hi = Short
      | otherwise = Flat
''',
]

B["ocaml"] = [
    '''
let %FN% ~depth book =
  match book.bids with
  | [] -> []
  | best :: _ ->
    List.init depth (fun i ->
        { symbol = book.symbol;
          side = Buy;
          price = best.price *. (1. -. (float_of_int (i + 1)) *. %F% /. 100.);
          qty = lot_size })
''',
]

B["clojure"] = [
    '''
(defn %KFN%
  "Builds a buy ladder below the best bid."
  [book depth]
  (let [best-bid (ffirst (:bids book))]
    (when best-bid
      (for [i (range 1 (inc depth))]
        {:symbol (:symbol book)
         :side :buy
         :price (* best-bid (- 1 (/ (* i %F%) 100)))
         :amount lot-size}))))
''',
]

B["lua"] = [
    '''
local function %FN%(book, depth)
  depth = depth or %N%
  local best = book.bids[1] and book.bids[1][1]
  if not best then
    log.warn("empty book for " .. book.symbol)
    return {}
  end
  local orders = {}
  for i = 1, depth do
    orders[#orders + 1] = { symbol = book.symbol, side = "buy", price = best * (1 - i * %F% / 100) }
  end
  return orders
end
''',
]

B["perl"] = [
    '''
sub %FN% {
    my ($book, $depth) = @_;
    $depth //= %N%;
    my $best = $book->{bids}[0][0] or return [];
    my @orders;
    for my $i (1 .. $depth) {
        push @orders, { symbol => $book->{symbol}, side => 'buy', price => sprintf('%.2f', $best * (1 - $i * %F% / 100)) };
    }
    $log->debugf('prepared %d orders', scalar @orders);
    return \\@orders;
}
''',
]

B["r"] = [
    '''
%FN% <- function(prices, n = %N%, k = %F%) {
  mid <- TTR::SMA(prices, n = n)
  sdev <- TTR::runSD(prices, n = n)
  signal <- ifelse(prices < mid - k * sdev, 1, ifelse(prices > mid + k * sdev, -1, 0))
  message(sprintf("%FN%: %d long / %d short", sum(signal == 1, na.rm = TRUE), sum(signal == -1, na.rm = TRUE)))
  xts::xts(signal, order.by = zoo::index(prices))
}
''',
]

B["julia"] = [
    '''
function %FN%(closes::Vector{Float64}; window::Int=%N%, k::Float64=%F%)
    signals = zeros(Int, length(closes))
    for i in window:length(closes)
        w = @view closes[i-window+1:i]
        μ, σ = mean(w), std(w)
        signals[i] = closes[i] < μ - k * σ ? 1 : closes[i] > μ + k * σ ? -1 : 0
    end
    @debug "%FN% done" n_long = count(==(1), signals)
    return signals
end
''',
]

B["dart"] = [
    '''
  Future<List<OrderRequest>> %CFN%(String symbol, {int depth = %N%}) async {
    final book = await _api.orderBook(symbol, limit: depth);
    if (book.bids.isEmpty) {
      _log.warning('empty book for $symbol');
      return const [];
    }
    final bestBid = book.bids.first.price;
    return List.generate(
      depth,
      (i) => OrderRequest(symbol: symbol, side: Side.buy, price: bestBid * (1 - (i + 1) * %F% / 100)),
    );
  }
''',
]

B["swift"] = [
    '''
    func %CFN%(symbol: String, depth: Int = %N%) async throws -> [OrderRequest] {
        let book = try await api.orderBook(symbol: symbol, limit: depth)
        guard let bestBid = book.bids.first?.price else {
            logger.warning("empty book for \\(symbol)")
            return []
        }
        return (1...depth).map { i in
            OrderRequest(symbol: symbol, side: .buy, price: bestBid * (1 - Double(i) * %F% / 100))
        }
    }
''',
]

B["shell"] = [
    '''
log() { printf '%s [%FN%] %s\\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >&2; }

%FN%() {
  local dir="${1:-./data}"
  mkdir -p "$dir"
  for pair in BTCUSDT ETHUSDT SOLUSDT; do
    log "downloading $pair candles"
    curl -fsS "https://data.example.org/klines?symbol=$pair&interval=1h&limit=%N%00" -o "$dir/$pair.json" || log "failed: $pair"
  done
}
''',
    '''
if ! command -v docker >/dev/null 2>&1; then
  echo "docker is required" >&2
  exit 1
fi
COMPOSE_FILE="${COMPOSE_FILE:-docker-compose.yml}"
docker compose -f "$COMPOSE_FILE" pull
docker compose -f "$COMPOSE_FILE" up -d --remove-orphans
docker compose -f "$COMPOSE_FILE" ps
''',
]

B["powershell"] = [
    '''
function %PFN% {
    param(
        [string]$Symbol = "BTCUSDT",
        [int]$Limit = %N%
    )
    $uri = "https://data.example.org/klines?symbol=$Symbol&interval=1h&limit=$Limit"
    try {
        $rows = Invoke-RestMethod -Uri $uri -Method Get -TimeoutSec 30
        Write-Verbose "fetched $($rows.Count) rows for $Symbol"
        return $rows
    } catch {
        Write-Warning "download failed for ${Symbol}: $_"
        return @()
    }
}
''',
]

B["batch"] = [
    '''
echo [%date% %time%] starting %FN%
if not exist logs mkdir logs
python -m bot.%FN% --symbol BTCUSDT >> logs\\%FN%.log 2>&1
if errorlevel 1 (
    echo %FN% failed, see logs\\%FN%.log
    goto :eof
)
''',
]

B["sql"] = [
    '''
CREATE TABLE IF NOT EXISTS %FN% (
    id           BIGSERIAL PRIMARY KEY,
    symbol       VARCHAR(32)    NOT NULL,
    side         VARCHAR(4)     NOT NULL CHECK (side IN ('buy', 'sell')),
    price        NUMERIC(24, 8) NOT NULL,
    amount       NUMERIC(24, 8) NOT NULL,
    created_at   TIMESTAMPTZ    NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS idx_%FN%_symbol_created ON %FN% (symbol, created_at DESC);
''',
]

B["markdown"] = [
    '''
## %TITLE%

The bot polls the order book every %N% seconds and rebuilds the ladder when the mid price moves
more than %F% % away from the last anchor. Orders that have been resting longer than the configured
`stale_after` are cancelled first, so the number of open orders never exceeds `max_open_orders`.

- Backtests live in `research/` and use hourly candles.
- Paper trading is the default; set `mode: live` only after a week of paper results.
- Logs are written as JSON lines to `logs/bot.log` and rotated daily.
''',
    '''
### %TITLE%

| Option | Default | Description |
|---|---|---|
| `symbol` | `%SYM%` | market to trade |
| `grid_levels` | `%N%` | number of resting orders per side |
| `grid_step_pct` | `%F%` | distance between levels in percent |
| `max_position` | `0.5` | hard cap on net position |
''',
]

B["hcl"] = [
    '''
resource "aws_cloudwatch_log_group" "%FN%" {
  name              = "/trading/%FN%"
  retention_in_days = %N%
  tags              = local.tags
}
''',
]

B["yaml"] = [
    '''
  %FN%:
    enabled: true
    symbol: "%SYM%"
    interval_seconds: %N%
    step_pct: %F%
    max_open_orders: 12
''',
]

B["makefile"] = [
    '''
.PHONY: %FN%
%FN%:
	$(PYTHON) -m bot.%FN% --config $(CONFIG) --log-level $(LOG_LEVEL)
''',
]

TITLES = ["Order lifecycle", "Risk limits", "Grid rebuilding", "Backtesting", "Deployment notes", "Rate limits",
          "Position sizing", "Funding rate capture", "Monitoring", "Troubleshooting"]

ALIAS = {"jsx": "javascript", "tsx": "typescript", "groovy": "java"}


def _render(tpl, rng, i):
    fn = rng.choice(FNS) + ("" if i == 0 else f"_{i}")
    rep = {
        "%FN%": fn, "%PFN%": pascal(fn), "%CFN%": camel(fn), "%KFN%": fn.replace("_", "-"),
        "%SYM%": rng.choice(SYMS), "%N%": str(rng.randint(3, 40)), "%F%": f"{rng.randint(1, 30) / 10:.1f}",
        "%CLS%": rng.choice(CLS) + ("" if i == 0 else str(i)), "%TITLE%": rng.choice(TITLES),
    }
    for k, v in rep.items():
        tpl = tpl.replace(k, v)
    return tpl.strip("\n").split("\n")


def filler(lang, rng, n, **kw):
    lang = ALIAS.get(lang, lang)
    bank = B.get(lang)
    if not bank:
        raise KeyError(f"no filler for {lang}")
    out = []
    i = 0
    while len(out) < n:
        out.append("")
        out.extend(_render(rng.choice(bank), rng, i))
        i += 1
    return out
