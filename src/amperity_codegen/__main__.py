from amperity_codegen.cli import main

main()
