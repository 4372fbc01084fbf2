// The serial console's WebSocket, shared by the relay and the page: the guest's bytes travel as binary
// messages both ways; the relay's one text message says the guest's serial port is open (a silent
// guest sends nothing, and the WebSocket opens before the backend's stream does).
export const SERIAL_OPEN_MESSAGE = 'serial-open';
