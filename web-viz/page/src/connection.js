// The page's websocket to the web verticle: events in, requests out, reconnect on drop.

const MIN_RETRY_MS = 500;
const MAX_RETRY_MS = 5000;

export class Connection {
  constructor(url, handlers) {
    this.url = url;
    this.handlers = handlers;
    this.nextId = 1;
    this.pending = new Map();
    this.attempt = 0;
    this.everOpened = false;
    this.lostAt = 0;
    this.drops = 0;
  }

  connect() {
    this.handlers.onState(this.everOpened ? 'lost' : 'connecting',
      this.everOpened ? `connection lost, reconnecting (attempt ${this.attempt + 1})`
        : 'connecting…');
    const ws = new WebSocket(this.url);
    ws.binaryType = 'arraybuffer';
    this.ws = ws;
    ws.onopen = () => {
      const again = this.everOpened;
      this.everOpened = true;
      this.attempt = 0;
      if (again) {
        const s = ((performance.now() - this.lostAt) / 1000).toFixed(1);
        this.handlers.onState('reconnected', `reconnected after ${s} s (drop ${this.drops})`);
      } else {
        this.handlers.onState('open', 'connected');
      }
    };
    ws.onmessage = (e) => this.onMessage(e.data);
    ws.onclose = () => this.onClose();
  }

  onClose() {
    if (this.ws && this.ws.readyState !== WebSocket.CLOSED) {
      return;
    }
    if (this.everOpened && this.attempt === 0) {
      this.drops += 1;
      this.lostAt = performance.now();
    }
    for (const { reject, address } of this.pending.values()) {
      reject(new Error(`connection dropped while waiting for ${address}`));
    }
    this.pending.clear();
    const delay = Math.min(MAX_RETRY_MS, MIN_RETRY_MS * 2 ** this.attempt);
    this.attempt += 1;
    this.handlers.onState(this.everOpened ? 'lost' : 'connecting',
      `connection lost, reconnecting in ${(delay / 1000).toFixed(1)} s`
      + ` (attempt ${this.attempt})`);
    setTimeout(() => this.connect(), delay);
  }

  onMessage(data) {
    if (data instanceof ArrayBuffer) {
      const id = new DataView(data).getInt32(0, true);
      this.settle(id, (p) => p.resolve(data.slice(4)));
      return;
    }
    const msg = JSON.parse(data);
    if (msg.type === 'hello') {
      this.handlers.onHello(msg);
    } else if (msg.type === 'event') {
      this.handlers.onEvent(msg);
    } else if (msg.type === 'reply') {
      this.settle(msg.id, (p) => p.resolve(msg.body));
    } else if (msg.type === 'error') {
      this.settle(msg.id, (p) => p.reject(new Error(`${msg.code}: ${msg.message}`)));
    }
  }

  settle(id, fn) {
    const p = this.pending.get(id);
    if (p) {
      this.pending.delete(id);
      fn(p);
    }
  }

  /** Sends a request to a bus address; resolves with JSON, or an ArrayBuffer for bytes. */
  request(address, body = {}) {
    if (!this.ws || this.ws.readyState !== WebSocket.OPEN) {
      return Promise.reject(new Error(`not connected; cannot ask ${address}`));
    }
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, address });
      this.ws.send(JSON.stringify({ type: 'request', id, address, body }));
    });
  }
}
