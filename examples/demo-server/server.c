// A small, real inference-like server for the offline demo and the integration tests.
// It loads a weights file (read fully, checksummed, like deserializing an engine), prints the
// phase lines startup-sla reads ("<unix seconds>: <label>"), then serves GET /health.
// Environment knobs let the tests inject faults without a second image:
//   PORT (8000)  MODEL_PATH (/model/weights.bin)  LOAD_MODE (read|mmap)
//   READY_DELAY_MS       sleep before listening
//   EXIT_BEFORE_READY=N  exit with code N before listening
//   UNHEALTHY_MS=N       answer 503 for N ms after listening, then 200
//   CLOSE_WITHOUT_ANSWER=1  accept connections and close them without a reply
//   LOG_FLOOD_MB=N       print N MB of log lines before listening
//   LONG_LINE_BYTES=N    print one line of N bytes before listening
//   SAY=text             print this text (after expanding \n) before listening
//   READY_TWICE=1        print the "listening" line twice
//   CRASH_AFTER_READY_MS=N  exit(3) N ms after listening
// `server --probe` is the image's HEALTHCHECK: GET /health on localhost:PORT, exit 0 on 200.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}
static double mono_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}
static void stamp(const char *label) {
  printf("%.6f: %s\n", now_s(), label);
  fflush(stdout);
}
static long env_long(const char *name, long dflt) {
  const char *v = getenv(name);
  return v && *v ? strtol(v, NULL, 10) : dflt;
}

static uint64_t load_model(const char *path, const char *mode, size_t *size_out) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) {
    fprintf(stderr, "cannot open model %s: %s\n", path, strerror(errno));
    exit(2);
  }
  struct stat st;
  fstat(fd, &st);
  *size_out = (size_t)st.st_size;
  uint64_t sum = 1469598103934665603ULL;
  if (mode && strcmp(mode, "mmap") == 0 && st.st_size > 0) {
    const unsigned char *p = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    if (p == MAP_FAILED) { perror("mmap"); exit(2); }
    for (off_t i = 0; i < st.st_size; i += 4096) sum = (sum ^ p[i]) * 1099511628211ULL;
    munmap((void *)p, st.st_size);
  } else {
    static unsigned char buf[1 << 20];
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0)
      for (ssize_t i = 0; i < n; i += 4096) sum = (sum ^ buf[i]) * 1099511628211ULL;
  }
  close(fd);
  return sum;
}

static int probe(int port) {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(s, (struct sockaddr *)&a, sizeof a) != 0) return 1;
  const char *req = "GET /health HTTP/1.0\r\n\r\n";
  if (write(s, req, strlen(req)) < 0) return 1;
  char buf[64] = {0};
  if (read(s, buf, sizeof buf - 1) <= 0) return 1;
  return strncmp(buf + 9, "200", 3) == 0 ? 0 : 1;
}

int main(int argc, char **argv) {
  int port = (int)env_long("PORT", 8000);
  if (argc > 1 && strcmp(argv[1], "--probe") == 0) return probe(port);
  signal(SIGPIPE, SIG_IGN);
  stamp("process started");

  const char *say = getenv("SAY");
  if (say) {
    for (const char *c = say; *c; c++) {
      if (c[0] == '\\' && c[1] == 'n') { putchar('\n'); c++; } else putchar(*c);
    }
    putchar('\n');
    fflush(stdout);
  }
  long flood_mb = env_long("LOG_FLOOD_MB", 0);
  if (flood_mb > 0) {
    char line[1024];
    memset(line, 'x', sizeof line - 1);
    line[sizeof line - 1] = '\n';
    for (long i = 0; i < flood_mb * 1024; i++) fwrite(line, 1, sizeof line, stdout);
    fflush(stdout);
  }
  long long_line = env_long("LONG_LINE_BYTES", 0);
  if (long_line > 0) {
    for (long i = 0; i < long_line; i++) putchar('y');
    putchar('\n');
    fflush(stdout);
  }

  const char *model = getenv("MODEL_PATH") ? getenv("MODEL_PATH") : "/model/weights.bin";
  size_t size = 0;
  uint64_t sum = load_model(model, getenv("LOAD_MODE"), &size);
  printf("%.6f: model loaded (%zu bytes, checksum %016llx)\n", now_s(), size, (unsigned long long)sum);
  fflush(stdout);

  long exit_code = env_long("EXIT_BEFORE_READY", -1);
  if (exit_code >= 0) {
    fprintf(stderr, "fatal: giving up before ready (EXIT_BEFORE_READY=%ld)\n", exit_code);
    return (int)exit_code;
  }
  long delay = env_long("READY_DELAY_MS", 0);
  if (delay > 0) usleep((useconds_t)delay * 1000);

  int s = socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_ANY)};
  if (bind(s, (struct sockaddr *)&a, sizeof a) != 0 || listen(s, 128) != 0) {
    perror("listen");
    return 2;
  }
  stamp("listening");
  if (env_long("READY_TWICE", 0)) stamp("listening");

  double ready_at = mono_ms();
  long unhealthy = env_long("UNHEALTHY_MS", 0);
  long crash_after = env_long("CRASH_AFTER_READY_MS", -1);
  int close_only = env_long("CLOSE_WITHOUT_ANSWER", 0) != 0;
  if (crash_after >= 0) {
    struct timeval tv = {.tv_sec = 0, .tv_usec = 50000};
    setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }
  for (;;) {
    if (crash_after >= 0 && mono_ms() - ready_at >= crash_after) {
      fprintf(stderr, "crashing after ready as asked\n");
      return 3;
    }
    int c = accept(s, NULL, NULL);
    if (c < 0) continue;
    if (close_only) { close(c); continue; }
    char req[2048];
    ssize_t n = read(c, req, sizeof req);
    (void)n;
    int ok = mono_ms() - ready_at >= unhealthy;
    const char *resp = ok ? "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n"
                          : "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 9\r\nConnection: close\r\n\r\nloading\n";
    if (write(c, resp, strlen(resp)) < 0) {}
    close(c);
  }
}
