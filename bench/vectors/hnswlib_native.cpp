// Native hnswlib peer for `tailor bench vectors`: same files, parameters and JSON shape.
// Build: g++ -O3 -march=native -std=c++17 -pthread -o hnswlib_native hnswlib_native.cpp
//        (header-only hnswlib from Debian's libhnswlib-dev)
// Usage: hnswlib_native --base F --queries F --truth F --dim D [-k 10] [--m 16] [--ef-construction 200]
//                       [--ef 16,32,64,128,256] [--threads 1] [--json]
// Queries are timed one at a time on one thread (wall clock, and that thread's CPU time as cpu_qps);
// memory_bytes is the resident-set growth while the index is built.
#include <hnswlib/hnswlib.h>
#include <time.h>
#include <unistd.h>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

template <typename T>
static std::vector<T> read_all(const std::string& path) {
    std::ifstream f(path, std::ios::binary | std::ios::ate);
    if (!f) { fprintf(stderr, "cannot open %s\n", path.c_str()); exit(2); }
    size_t bytes = f.tellg();
    std::vector<T> v(bytes / sizeof(T));
    f.seekg(0);
    f.read(reinterpret_cast<char*>(v.data()), bytes);
    return v;
}

static long rss_bytes() {
    long pages = 0, resident = 0;
    FILE* f = fopen("/proc/self/statm", "r");
    if (f) { if (fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0; fclose(f); }
    return resident * sysconf(_SC_PAGESIZE);
}

static double now() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }

static double clock_seconds(clockid_t id) {
    timespec ts{};
    clock_gettime(id, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

int main(int argc, char** argv) {
    std::string base, queries, truth, efs = "16,32,64,128,256";
    int dim = 0, k = 10, m = 16, efc = 200, threads = 1;
    bool json = false;
    for (int i = 1; i < argc; i++) {
        std::string a = argv[i];
        auto next = [&]() { return std::string(i + 1 < argc ? argv[++i] : ""); };
        if (a == "--base") base = next();
        else if (a == "--queries") queries = next();
        else if (a == "--truth") truth = next();
        else if (a == "--dim") dim = std::stoi(next());
        else if (a == "-k" || a == "--k") k = std::stoi(next());
        else if (a == "--m") m = std::stoi(next());
        else if (a == "--ef-construction") efc = std::stoi(next());
        else if (a == "--ef") efs = next();
        else if (a == "--threads") threads = std::stoi(next());
        else if (a == "--json") json = true;
    }
    auto data = read_all<float>(base);
    auto q = read_all<float>(queries);
    auto gt = read_all<int>(truth);
    size_t rows = data.size() / dim, nq = q.size() / dim, width = gt.size() / nq;

    long before = rss_bytes();
    double t0 = now(), c0 = clock_seconds(CLOCK_PROCESS_CPUTIME_ID);
    hnswlib::InnerProductSpace space(dim);
    auto* index = new hnswlib::HierarchicalNSW<float>(&space, rows, m, efc, 100);
    if (threads <= 1) {
        for (size_t i = 0; i < rows; i++) index->addPoint(data.data() + i * dim, i);
    } else {
        index->addPoint(data.data(), 0);
        std::atomic<size_t> next(1);
        std::vector<std::thread> pool;
        for (int t = 0; t < threads; t++)
            pool.emplace_back([&]() { for (size_t i; (i = next++) < rows;) index->addPoint(data.data() + i * dim, i); });
        for (auto& t : pool) t.join();
    }
    double build = now() - t0, build_cpu = clock_seconds(CLOCK_PROCESS_CPUTIME_ID) - c0;
    long memory = rss_bytes() - before;

    std::ostringstream runs;
    std::stringstream list(efs);
    std::string item;
    bool first = true;
    while (std::getline(list, item, ',')) {
        int ef = std::stoi(item);
        index->setEf(std::max(ef, k));
        for (size_t i = 0; i < std::min<size_t>(nq, 100); i++) index->searchKnn(q.data() + i * dim, k);
        size_t found = 0;
        double w0 = now(), t0c = clock_seconds(CLOCK_THREAD_CPUTIME_ID);
        for (size_t i = 0; i < nq; i++) {
            auto res = index->searchKnn(q.data() + i * dim, k);
            std::unordered_set<int> expected(gt.begin() + i * width, gt.begin() + i * width + k);
            while (!res.empty()) { found += expected.count((int)res.top().second); res.pop(); }
        }
        double wall = now() - w0, cpu = clock_seconds(CLOCK_THREAD_CPUTIME_ID) - t0c;
        double recall = (double)found / (k * nq);
        if (json) {
            runs << (first ? "" : ",") << "\n    {\"ef\": " << ef << ", \"recall@" << k << "\": " << recall
                 << ", \"qps\": " << nq / wall << ", \"cpu_qps\": " << nq / cpu << "}";
        } else {
            printf("  ef=%4d recall@%d=%.4f qps=%.0f cpu_qps=%.0f\n", ef, k, recall, nq / wall, nq / cpu);
        }
        first = false;
    }
    if (json) {
        printf("{\n  \"rows\": %zu, \"dim\": %d, \"m\": %d, \"ef_construction\": %d, \"threads\": %d,\n"
               "  \"build_seconds\": %.3f, \"build_cpu_seconds\": %.3f, \"memory_bytes\": %ld,\n"
               "  \"flat\": {\"qps\": null},\n  \"runs\": [%s\n  ]\n}\n",
               rows, dim, m, efc, threads, build, build_cpu, memory, runs.str().c_str());
    } else {
        printf("native hnswlib: rows=%zu dim=%d build=%.1fs (%.1f CPU s) memory=%.0f MiB\n", rows, dim, build, build_cpu, memory / 1048576.0);
    }
    delete index;
    return 0;
}
