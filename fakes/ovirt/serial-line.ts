/**
 * A VM's serial port as the guest's getty drives it: nothing until a key is pressed (a console
 * attached to a booted guest shows no old output), then the issue banner and `login:`; the name is
 * echoed as typed, the password not, and every login is refused as a guest without that user would.
 * It is the far end of a serial console session (vmconsole-proxy.ts), bytes in and bytes out.
 */
import type { Vm } from './model';

export class SerialLine {
  private state: 'login' | 'password' = 'login';
  private typed = '';

  constructor(
    private readonly vm: Vm,
    private readonly write: (text: string) => void,
  ) {}

  private hostName(): string {
    return (this.vm.fqdn ?? this.vm.name).split('.')[0];
  }

  private issue(): string {
    const os = this.vm.guestOs;
    const banner = os && os.family !== 'Windows' ? `${os.distribution} ${os.version}\r\nKernel ${os.kernel || 'unknown'} on an x86_64\r\n\r\n` : '';
    return `\r\n${banner}${this.hostName()} login: `;
  }

  input(bytes: Buffer): void {
    for (const byte of bytes) {
      if (byte === 0x0d || byte === 0x0a) {
        this.enter();
      } else if (byte === 0x7f || byte === 0x08) {
        if (this.typed) {
          this.typed = this.typed.slice(0, -1);
          if (this.state === 'login') this.write('\b \b');
        }
      } else if (byte === 0x03) {
        // Ctrl-C: getty starts over.
        this.typed = '';
        this.state = 'login';
        this.write(`^C${this.issue()}`);
      } else if (byte >= 0x20 && byte < 0x7f) {
        this.typed += String.fromCharCode(byte);
        if (this.state === 'login') this.write(String.fromCharCode(byte));
      }
    }
  }

  private enter(): void {
    const typed = this.typed;
    this.typed = '';
    if (this.state === 'login') {
      if (!typed) return this.write(`\r\n${this.issue()}`);
      this.state = 'password';
      return this.write('\r\nPassword: ');
    }
    this.state = 'login';
    this.write(`\r\nLogin incorrect\r\n${this.issue()}`);
  }
}
